import type { CameraStreamInfo } from '@protocol/camera-stream';
import { apiFetch } from '../services/api';

/** A camera's stream info, or the status the server refused it with (404: unknown or not in the caller's scope). */
export type CameraStreamLookup = { ok: true; info: CameraStreamInfo } | { ok: false; status: number };

/** `GET /api/cameras/{id}/stream` (audited by the server as a viewing). */
export async function fetchCameraStream(cameraId: string, signal?: AbortSignal): Promise<CameraStreamLookup> {
  const res = await apiFetch(`/api/cameras/${encodeURIComponent(cameraId)}/stream`, signal ? { signal } : {});
  if (!res.ok) return { ok: false, status: res.status };
  return { ok: true, info: (await res.json()) as CameraStreamInfo };
}

/**
 * The HLS URL as the page may load it: resolved against the page (the demo's pointers are
 * server-relative), and only over HTTP(S); anything else (a `javascript:` or `file:` pointer from
 * a misconfigured upstream) is not loaded.
 */
export function playableUrl(url: string, base: string = window.location.href): string | undefined {
  try {
    const u = new URL(url, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}
