import type Hls from 'hls.js';
import type { ErrorData } from 'hls.js';

/** A stream playing in a `<video>`; `destroy()` stops loading and releases the media element. */
export interface HlsPlayback {
  destroy(): void;
}

/** Why playback stopped for good, for the player to word. */
export interface PlaybackFailure {
  /** `network` (playlist or segments not loaded), `media` (not decodable), `unsupported` (no MSE, no native HLS), `other`. */
  kind: 'network' | 'media' | 'unsupported' | 'other';
  /** hls.js's error detail (`manifestLoadError`, `bufferAppendError`…), for the operator. */
  detail: string;
}

export interface HlsPlaybackHandlers {
  /** A fatal error is being recovered from (attempt `n` of `max`). */
  onRetry(n: number, max: number): void;
  /** Recovery gave up, or the browser cannot play HLS at all. */
  onFailure(failure: PlaybackFailure): void;
}

/** Fatal errors recovered from before giving up; a stretch of playing in between starts the count anew. */
export const MAX_RECOVERIES = 3;

/**
 * Plays the HLS stream at `url` in `video` with hls.js, loaded on first use (a separate chunk:
 * the wall's first load does not carry it) and run without a worker: hls.js would otherwise make
 * its worker from a `blob:` URL, which the strict CSP (`worker-src 'self'`) refuses. Buffers are
 * kept short (a wall plays for weeks). Resolves `undefined` when `cancelled()` became true while
 * hls.js was loading (the player was closed meanwhile); nothing is left attached then.
 */
export async function playHls(video: HTMLVideoElement, url: string, handlers: HlsPlaybackHandlers, cancelled: () => boolean): Promise<HlsPlayback | undefined> {
  const { default: HlsClass } = await import('hls.js/light');
  if (cancelled()) return undefined;
  if (!HlsClass.isSupported()) {
    // Safari and some set-top browsers play HLS natively, without Media Source Extensions.
    if (video.canPlayType('application/vnd.apple.mpegurl') !== '') return nativePlayback(video, url, handlers);
    handlers.onFailure({ kind: 'unsupported', detail: 'no Media Source Extensions' });
    return undefined;
  }
  let recoveries = 0;
  let hls: Hls | undefined;
  const resetCount = (): void => {
    recoveries = 0;
  };
  const start = (): void => {
    hls = new HlsClass({ enableWorker: false, backBufferLength: 10, maxBufferLength: 10, maxMaxBufferLength: 20 });
    hls.on(HlsClass.Events.ERROR, (_event, data: ErrorData) => {
      if (!data.fatal || !hls) return;
      if (recoveries >= MAX_RECOVERIES) {
        hls.destroy();
        hls = undefined;
        handlers.onFailure({ kind: failureKind(data), detail: String(data.details) });
        return;
      }
      recoveries += 1;
      handlers.onRetry(recoveries, MAX_RECOVERIES);
      // hls.js's recovery recipe: reload after a network error, rebuild the buffers after a
      // media error, start over after anything else.
      if (data.type === HlsClass.ErrorTypes.NETWORK_ERROR) hls.startLoad();
      else if (data.type === HlsClass.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
      else {
        hls.destroy();
        start();
      }
    });
    hls.loadSource(url);
    hls.attachMedia(video);
  };
  video.addEventListener('playing', resetCount);
  start();
  return {
    destroy() {
      video.removeEventListener('playing', resetCount);
      hls?.destroy();
      hls = undefined;
      releaseVideo(video);
    },
  };
}

/** Empties a media element so the browser frees its decoder and buffers. */
export function releaseVideo(video: HTMLVideoElement): void {
  video.pause();
  video.removeAttribute('src');
  video.load();
}

function nativePlayback(video: HTMLVideoElement, url: string, handlers: HlsPlaybackHandlers): HlsPlayback {
  // The browser retries on its own; an error event here is final.
  const onError = (): void => handlers.onFailure({ kind: video.error?.code === MediaError.MEDIA_ERR_NETWORK ? 'network' : 'media', detail: video.error?.message || `code ${video.error?.code ?? '?'}` });
  video.addEventListener('error', onError);
  video.src = url;
  return {
    destroy() {
      video.removeEventListener('error', onError);
      releaseVideo(video);
    },
  };
}

function failureKind(data: ErrorData): PlaybackFailure['kind'] {
  const type: string = data.type;
  if (type === 'networkError') return 'network';
  if (type === 'mediaError' || type === 'muxError') return 'media';
  return 'other';
}
