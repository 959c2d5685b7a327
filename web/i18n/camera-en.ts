import type cameraZh from './camera-zh-CN';

/** The camera player's labels, English. */
const cameraEn: typeof cameraZh = {
  title: 'Camera',
  close: 'Close',
  loading: 'Connecting to the camera…',
  retrying: 'Reconnecting to the camera (attempt {n} of {max})…',
  offline: 'This camera is offline',
  unsupported: 'Browsers cannot play {kind} streams',
  kinds: { hls: 'HLS', rtsp: 'RTSP', gb28181: 'GB/T 28181' },
  pointer: 'Stream address',
  channel: 'GB/T 28181 channel',
  howToWatch: 'How to watch',
  notFound: 'No such camera, or not in your area',
  loadFailed: 'Could not get the camera’s stream ({detail})',
  failed: {
    network: 'The stream could not be loaded: network down or address wrong ({detail})',
    media: 'The stream cannot be decoded ({detail})',
    unsupported: 'This browser cannot play HLS ({detail})',
    other: 'The stream cannot be played ({detail})',
  },
  badUrl: 'The stream address is not one a browser may load',
};

export default cameraEn;
