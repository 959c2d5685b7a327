import { z } from 'zod';

/** Body of `GET /api/health`. */
export const healthResponse = z.object({
  status: z.literal('ok'),
  version: z.string(),
  protocol: z.number().int(),
  uptimeS: z.number().nonnegative(),
  store: z.string(),
});
export type HealthResponse = z.infer<typeof healthResponse>;
