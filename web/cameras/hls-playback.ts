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
  /** hls.js's error detail (`manifestLoadError`, `bufferAppendError`…) and the HTTP status if any, for the operator. */
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
/** Wait before the first fresh start after a fatal error; doubled for each further one (1, 2, 4 s). */
const RETRY_DELAY_MS = 1000;

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
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const resetCount = (): void => {
    recoveries = 0;
  };
  const start = (): void => {
    const instance = new HlsClass({ enableWorker: false, backBufferLength: 10, maxBufferLength: 10, maxMaxBufferLength: 20 });
    hls = instance;
    instance.on(HlsClass.Events.ERROR, (_event, data: ErrorData) => {
      if (!data.fatal || hls !== instance) return;
      if (recoveries >= MAX_RECOVERIES) {
        instance.destroy();
        hls = undefined;
        handlers.onFailure({ kind: failureKind(data), detail: data.response?.code ? `${data.details}, HTTP ${data.response.code}` : String(data.details) });
        return;
      }
      recoveries += 1;
      handlers.onRetry(recoveries, MAX_RECOVERIES);
      // A media error is first met with hls.js's own remedy (rebuild the buffers); anything else,
      // a playlist that would not load included (after which `startLoad()` has nothing to
      // resume), starts over with a fresh instance, a little later each time.
      if (data.type === HlsClass.ErrorTypes.MEDIA_ERROR && recoveries === 1) {
        instance.recoverMediaError();
        return;
      }
      instance.destroy();
      hls = undefined;
      retryTimer = setTimeout(start, RETRY_DELAY_MS * 2 ** (recoveries - 1));
    });
    instance.loadSource(url);
    instance.attachMedia(video);
  };
  video.addEventListener('playing', resetCount);
  start();
  return {
    destroy() {
      clearTimeout(retryTimer);
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
