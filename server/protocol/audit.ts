import { z } from 'zod';
import { isoInstant } from './primitives';

/** Query of `GET /api/audit` (and `GET /api/audit.csv`): a period, a user, an action, a page. */
export const auditQuery = z.object({
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  /** Exactly the actor as recorded: a username, `display:<name>`, `cli`, `system`. */
  user: z.string().min(1).max(128).optional(),
  /** Exactly the action as recorded, e.g. `auth.login`. */
  action: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int('a whole number').min(1, 'at least 1').max(500, 'at most 500').default(100),
  offset: z.coerce.number().int('a whole number').min(0, 'at least 0').default(0),
});
export type AuditQuery = z.infer<typeof auditQuery>;

/** One entry of the audit trail as the auditor reads it (with its place in the hash chain). */
export const auditEntryDto = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  role: z.string().nullable(),
  source: z.string(),
  action: z.string(),
  target: z.string(),
  result: z.enum(['ok', 'denied', 'failed']),
  detail: z.record(z.string(), z.unknown()).nullable(),
  hash: z.string(),
});
export type AuditEntryDto = z.infer<typeof auditEntryDto>;

/** Answer of `GET /api/audit`: newest first. */
export const auditPage = z.object({ total: z.number().int(), limit: z.number().int(), offset: z.number().int(), items: z.array(auditEntryDto) });
export type AuditPage = z.infer<typeof auditPage>;
