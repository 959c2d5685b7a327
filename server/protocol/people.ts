import { z } from 'zod';
import { scopeCode } from './primitives';

/** A key-population record as lists show it: personal fields masked (张*三, 138****1234, 110101********1234). */
export const keyPersonItem = z.object({
  personId: z.string(),
  categories: z.array(z.string()),
  scope: scopeCode,
  buildingId: z.string().nullable(),
  name: z.string(),
  idNumber: z.string(),
  phone: z.string(),
  /** Always true in lists: clear values come one record at a time from the unmask endpoint. */
  masked: z.literal(true),
});
export type KeyPersonItem = z.infer<typeof keyPersonItem>;

/** Answer of `GET /api/key-populations?scope=&limit=&offset=`. */
export const keyPersonPage = z.object({ total: z.number().int(), limit: z.number().int(), offset: z.number().int(), items: z.array(keyPersonItem) });
export type KeyPersonPage = z.infer<typeof keyPersonPage>;

/** Body of `POST /api/key-populations/{personId}/unmask`: why this record is needed in clear (recorded in the audit trail). */
export const unmaskRequest = z.object({ reason: z.string().trim().min(4, 'a reason of at least 4 characters').max(500, 'at most 500 characters') });

/** Answer of the unmask endpoint: the record in clear, and how many unmaskings are left this hour. */
export const unmaskResponse = z.object({ personId: z.string(), name: z.string(), idNumber: z.string(), phone: z.string(), remainingThisHour: z.number().int() });
export type UnmaskResponse = z.infer<typeof unmaskResponse>;
