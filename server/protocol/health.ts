import { z } from 'zod';

/** Body of `GET /api/health`. */
export const healthResponse = z.object({
  /** `degraded` (HTTP 503): this node's numbers may be behind its log (`problem` says why). */
  status: z.enum(['ok', 'degraded']),
  problem: z.string().optional(),
  version: z.string(),
  protocol: z.number().int(),
  uptimeS: z.number().nonnegative(),
  store: z.string(),
});
export type HealthResponse = z.infer<typeof healthResponse>;
