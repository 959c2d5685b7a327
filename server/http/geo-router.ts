import { Router } from 'express';
import { LEVEL_NAMES } from '@geo/scope-code';
import { scopeCollection } from '@geo/geojson';
import type { Territory } from '@geo/territory';
import { HttpError } from './http-error';

/** `GET /api/geo/scopes.geojson?level=...`: the boundaries of one level as RFC 7946 GeoJSON. */
export function geoRouter(territory: Territory): Router {
  const router = Router();
  router.get('/api/geo/scopes.geojson', (req, res) => {
    const level = typeof req.query.level === 'string' ? req.query.level : 'district';
    const index = LEVEL_NAMES.indexOf(level as (typeof LEVEL_NAMES)[number]);
    if (index < 0) {
      throw new HttpError(400, 'invalid', `level must be one of: ${LEVEL_NAMES.join(', ')}`, [{ path: 'level', message: `unknown level ${JSON.stringify(level)}` }]);
    }
    const body = scopeCollection(territory.scopes.filter((s) => s.level === index));
    // Boundaries change only with a geo import; revalidate by ETag (Express sets it).
    res.set('Cache-Control', 'no-cache').type('application/geo+json').send(JSON.stringify(body));
  });
  return router;
}
