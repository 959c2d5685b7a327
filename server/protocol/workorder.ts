import { z } from 'zod';
import { crs, isoInstant, lngLat, scopeCode } from './primitives';

/** Work-order states of the closed loop (domain.md). */
export const WORKORDER_STATES = ['dispatched', 'accepted', 'handling', 'returned', 'resolved', 'verified', 'closed'] as const;
export type WorkOrderState = (typeof WORKORDER_STATES)[number];
/** Actions on an open order that leave its state as it is: an approved extension, the center's supervision. */
export const WORKORDER_ACTIONS = ['extended', 'supervised'] as const;
export type WorkOrderAction = (typeof WORKORDER_ACTIONS)[number];

/** Who handles it: the street (1 day), the district (3 days) or the city (7 days): the "137" rule. */
export const handlingLevel = z.enum(['street', 'district', 'city']);

/** `data` of `workorder.transitioned`: one step of an order's life, or an action on it. */
export const workorderTransitionedData = z.object({
  workOrderId: z.string().min(1).max(128),
  incidentId: z.string().min(1).max(128),
  to: z.enum([...WORKORDER_STATES, ...WORKORDER_ACTIONS]),
  department: z.string().min(1).max(64),
  level: handlingLevel,
  actor: z.string().min(1).max(64),
  note: z.string().max(2000).optional(),
  /** A deadline sent with a dispatch (replaces the rule's) or with an extension (the new one). */
  deadline: isoInstant.optional(),
});
export type WorkorderTransitionedData = z.infer<typeof workorderTransitionedData>;

/** `data` of `workorder.rated`: the citizen's satisfaction. */
export const workorderRatedData = z.object({
  workOrderId: z.string().min(1).max(128),
  satisfied: z.boolean(),
  comment: z.string().max(2000).optional(),
});

/** `data` of `hotline.call`, sent once when the call has ended. */
export const hotlineCallData = z
  .object({
    callId: z.string().min(1).max(128),
    offeredAt: isoInstant,
    answeredAt: isoInstant.optional(),
    category: z.string().min(1).max(64).optional(),
    location: lngLat.optional(),
    crs: crs.optional(),
    gridCode: scopeCode.optional(),
  })
  .refine((c) => c.answeredAt === undefined || Date.parse(c.answeredAt) >= Date.parse(c.offeredAt), {
    message: 'answeredAt must not be before offeredAt',
    path: ['answeredAt'],
  });

/**
 * `data` of `workorder.reminded` (超时提醒): written by the server itself (never accepted through
 * ingest) when an open order becomes at risk or overdue, once per deadline. Its id and content
 * are derived from the order, so every node writes the same event and the log keeps one.
 */
export const workorderRemindedData = z.object({
  workOrderId: z.string(),
  key: z.string(),
  kind: z.enum(['at-risk', 'overdue']),
  deadlineKind: z.enum(['acceptance', 'resolution']),
  deadline: isoInstant,
});
export type WorkorderRemindedData = z.infer<typeof workorderRemindedData>;

/** `data` of `alarm.acknowledged`: written by the server when a wall or desk acknowledges an alarm. */
export const alarmAcknowledgedData = z.object({ incidentId: z.string(), by: z.string() });
