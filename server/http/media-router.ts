import express, { Router, type Response } from 'express';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpError } from './http-error';

/** The media committed to the repository (`server/media/`): the demo cameras' test clip. */
export const MEDIA_DIR = fileURLToPath(new URL('../media', import.meta.url));

/**
 * What may be served from the folder, by extension, with its media type: HLS playlists and
 * fragmented-MP4 segments (the initialisation segment `.mp4`, media segments `.m4s`); anything
 * else there (SOURCE.md) is not served.
 */
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mp4': 'video/mp4',
  '.m4s': 'video/mp4',
};

/**
 * `GET /media/...`: the demo media the simulator's HLS cameras point to, same-origin so that a
 * pointer never depends on the internet. Served without a token, unlike `/api`: it is a synthetic
 * test picture shared by every demo camera and shows nothing of the district, and hls.js loads
 * segments by plain XHR. Who watched which camera is recorded where the pointer is handed out
 * (`GET /api/cameras/{id}/stream`, audited). Real cameras' streams come from the video
 * platform's gateway, which applies its own access control.
 *
 * Caching: the playlist is revalidated on every load (ETag), segments are kept an hour; unknown
 * paths are a JSON 404 and never fall through to the web app's `index.html`.
 */
export function mediaRouter(dir: string = MEDIA_DIR): Router {
  const router = Router();
  router.use(
    '/media',
    (req, _res, next) => {
      if (MEDIA_TYPES[extname(req.path).toLowerCase()] === undefined) throw new HttpError(404, 'not-found', `no media ${req.path}`);
      next();
    },
    express.static(dir, { index: false, dotfiles: 'deny', redirect: false, setHeaders: mediaHeaders }),
    (req) => {
      throw new HttpError(404, 'not-found', `no media ${req.path}`);
    },
  );
  return router;
}

function mediaHeaders(res: Response, path: string): void {
  const ext = extname(path).toLowerCase();
  res.set('Content-Type', MEDIA_TYPES[ext]!);
  res.set('Cache-Control', ext === '.m3u8' ? 'no-cache' : 'public, max-age=3600');
}
