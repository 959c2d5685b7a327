/**
 * Overtime reminders (超时提醒): fire once when an order becomes at risk and once when it becomes
 * overdue, per deadline. The caller keeps the keys it has sent (per order) and asks again on
 * each tick or move; this module only says what is due.
 */
import type { ApplicableDeadline } from './deadlines';
import { reminderInstants } from './deadlines';
import type { FoldedWorkOrder } from './fold-work-order';
import { statusAt } from './status-at';

/** A reminder to emit now. */
export interface Reminder {
  /**
   * `${kind}:${deadlineKind}:${deadline}`, e.g. `overdue:resolution:1795420800000`: stable, so
   * the caller can tell it was sent. Unique within one order only: prefix it with the order's id
   * when keys of several orders share a store.
   */
  key: string;
  kind: 'at-risk' | 'overdue';
  /** Which deadline it is about: not accepted in time, or not resolved in time. */
  deadlineKind: ApplicableDeadline['kind'];
  /** The applicable deadline the reminder is about (epoch ms). */
  deadline: number;
  /** When it became due: the first at-risk millisecond, or `deadline + 1`. */
  dueAt: number;
}

/**
 * The reminders due at `at` that are not in `alreadySent`, for the deadline that applies at `at`
 * (see `statusAt`); none when the order is not open then.
 *
 * - Each fires once per deadline: a new deadline (an extension, a re-dispatch, acceptance moving
 *   from the acceptance to the resolution deadline) has new keys, so its reminders may fire
 *   again. An extension to the very same instant keeps the keys and fires nothing new.
 * - When the order is already overdue and its at-risk reminder was never sent (the check came
 *   late), only the overdue one is returned: a stale "about to be late" adds nothing.
 * - A reminder of a deadline that no longer applies is never returned.
 */
export function dueReminders(folded: FoldedWorkOrder, at: number, alreadySent: ReadonlySet<string>): Reminder[] {
  const { applicable, status } = statusAt(folded, at);
  if (applicable === undefined) return [];
  const { atRiskAt, overdueAt } = reminderInstants(applicable);
  const make = (kind: Reminder['kind'], dueAt: number): Reminder => ({
    key: reminderKey(kind, applicable),
    kind,
    deadlineKind: applicable.kind,
    deadline: applicable.deadline,
    dueAt,
  });
  const due = status === 'overdue' ? make('overdue', overdueAt) : status === 'at-risk' ? make('at-risk', atRiskAt) : undefined;
  return due === undefined || alreadySent.has(due.key) ? [] : [due];
}

/** The stable key of a reminder of `kind` about the deadline `d`. */
export function reminderKey(kind: Reminder['kind'], d: ApplicableDeadline): string {
  return `${kind}:${d.kind}:${d.deadline}`;
}
