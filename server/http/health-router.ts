import { Router } from 'express';
import { PROTOCOL_VERSION, type HealthResponse } from '@protocol/index';

/** `GET /api/health`: liveness for load balancers and the wall's "server reachable" check. */
export function healthRouter(info: { version: string; store: string; startedAt: number; foldTrouble(): string | undefined }): Router {
  const router = Router();
  router.get('/api/health', (_req, res) => {
    // A node whose fold failed or stalled serves stale numbers: a load balancer should stop
    // sending it clients, and an operator sees why.
    const problem = info.foldTrouble();
    const body: HealthResponse = {
      status: problem ? 'degraded' : 'ok',
      ...(problem ? { problem } : {}),
      version: info.version,
      protocol: PROTOCOL_VERSION,
      uptimeS: Math.round((Date.now() - info.startedAt) / 1000),
      store: info.store,
    };
    res.status(problem ? 503 : 200).json(body);
  });
  return router;
}
