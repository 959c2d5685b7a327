import express, { Router } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Serves the built web app from `dir`. Hashed assets are cached for a year; every other path
 * that is not an API route or media (`/media/`, see media-router.ts) gets `index.html`, so client
 * routes (`/desk`, `/login`) load the app.
 */
export function staticWeb(dir: string): Router {
  const router = Router();
  const index = join(dir, 'index.html');
  router.use('/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  router.use(express.static(dir, { index: false, maxAge: 0 }));
  router.get(/^(?!\/api\/|\/socket\.io\/|\/media\/).*/, (_req, res) => {
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The web app is not built yet: run `npm start` (it builds) or `npm run build`.');
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
}
