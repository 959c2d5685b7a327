/**
 * An order's standing at any instant, past ones included: what the KPIs "overdue now" (超期数)
 * and "at risk now" (临期数) read at a period's "as of" instant.
 */
import type { State } from './lifecycle';
import { isOpen } from './lifecycle';
import type { ApplicableDeadline } from './deadlines';
import { applicableDeadline, deadlineStatus } from './deadlines';
import type { DerivedMove, FoldedWorkOrder } from './fold-work-order';

/** How an order stands at an instant: `not-open` before its first dispatch and once resolved, verified or closed. */
export type OrderStatus = 'not-open' | 'on-time' | 'at-risk' | 'overdue';

/** The result of {@link statusAt}. */
export interface StatusAt {
  /** The state as of the instant; `undefined` before the first legal dispatch. */
  state: State | undefined;
  /** `dispatched`, `accepted`, `handling` or `returned`. */
  open: boolean;
  /** The deadline that applies then (see `applicableDeadline`); `undefined` when not open. */
  applicable: ApplicableDeadline | undefined;
  status: OrderStatus;
}

/**
 * The order as of `at`: only moves with `occurredAt <= at` count. No re-fold is needed: a move's
 * legality depends only on the moves before it in history order, so the derived move last at or
 * before `at` carries the state and deadlines of the history cut there. The order must have been
 * folded over its full known history (moves that occurred after `at` are simply skipped).
 */
export function statusAt(folded: FoldedWorkOrder, at: number): StatusAt {
  const last = lastMoveAtOrBefore(folded, at);
  const state = last?.stateAfter;
  const applicable = last ? applicableDeadline(state, last) : undefined;
  if (!isOpen(state) || applicable === undefined) return { state, open: isOpen(state), applicable: undefined, status: 'not-open' };
  return { state, open: true, applicable, status: deadlineStatus(applicable, at) };
}

/** Binary search: the moves are sorted by `occurredAt` (ties by `seq`, all of which count). */
function lastMoveAtOrBefore(folded: FoldedWorkOrder, at: number): DerivedMove | undefined {
  const moves = folded.moves;
  let lo = 0;
  let hi = moves.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (moves[mid]!.occurredAt <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? undefined : moves[lo - 1];
}
