import { Router } from 'express';
import type { RealtimeMetrics } from '@protocol/index';
import { canReadMetrics } from '../identity/access';
import { HttpError } from './http-error';
import { identityOf } from './require-identity';

/**
 * `GET /api/metrics` (behind `requireIdentity`; admins only): this node's realtime figures, read
 * from `read()` at each request. Display tokens and other roles get 403.
 */
export function metricsRouter(read: () => RealtimeMetrics): Router {
  const router = Router();
  router.get('/api/metrics', (req, res) => {
    if (!canReadMetrics(identityOf(req))) throw new HttpError(403, 'forbidden', 'only administrators may read the metrics');
    res.json(read());
  });
  return router;
}
