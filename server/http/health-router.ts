import { Router } from 'express';
import { PROTOCOL_VERSION, type HealthResponse } from '@protocol/index';

/** `GET /api/health`: liveness for load balancers and the wall's "server reachable" check. */
export function healthRouter(info: { version: string; store: string; startedAt: number }): Router {
  const router = Router();
  router.get('/api/health', (_req, res) => {
    const body: HealthResponse = {
      status: 'ok',
      version: info.version,
      protocol: PROTOCOL_VERSION,
      uptimeS: Math.round((Date.now() - info.startedAt) / 1000),
      store: info.store,
    };
    res.json(body);
  });
  return router;
}
