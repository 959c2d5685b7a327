import { z } from 'zod';
import { isoInstant } from './primitives';

/**
 * `POST /api/reports/tickets`: what the printable report is wanted for, the same parameters as
 * `GET /api/reports/summary.html` (absent `scope`: the caller's; absent `from` and `to`: today).
 * Only their types are checked here; the period and the scope are checked as the summary checks
 * them (400 naming `from` or `to`, 404 for a scope unknown or outside the caller's).
 */
export const reportTicketRequest = z
  .object({
    scope: z.string().max(32).optional(),
    from: z.string().max(64).optional(),
    to: z.string().max(64).optional(),
  })
  .strict();
export type ReportTicketRequest = z.infer<typeof reportTicketRequest>;

/**
 * A single-use ticket for the printable page: `url` opens it in a new tab without a token (a tab
 * cannot send one), once, until `expiresAt`.
 */
export const reportTicketResponse = z.object({
  url: z.string().startsWith('/api/reports/summary.html?ticket='),
  expiresAt: isoInstant,
});
export type ReportTicketResponse = z.infer<typeof reportTicketResponse>;
