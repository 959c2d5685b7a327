/**
 * Time limits of the closed loop (domain.md, "Time limits"): the acceptance and resolution
 * deadlines, which one applies to an open order, and when it becomes at risk (临期) and overdue
 * (超期). Pure: instants are epoch milliseconds passed in, never read from a clock.
 *
 * Limits are fixed durations (a "day" is 24 h), not calendar or working days: the documents count
 * "within 1 day" from the dispatch instant, and a duration gives the same answer in every zone.
 */
import type { State } from './lifecycle';
import { isOpen } from './lifecycle';

/** Who handles the order, as sent with the dispatch: decides the "137" resolution limit. */
export type HandlingLevel = 'street' | 'district' | 'city';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** 半天响应: an order must be accepted within 12 h of its latest dispatch. */
export const ACCEPTANCE_LIMIT_MS = 12 * HOUR_MS;

/** The "137" rule: resolved within 1 day (street), 3 days (district), 7 days (city) of the latest dispatch. */
export const RESOLUTION_LIMIT_MS: Readonly<Record<HandlingLevel, number>> = {
  street: 1 * DAY_MS,
  district: 3 * DAY_MS,
  city: 7 * DAY_MS,
};

/** An order is at risk in the last 20 % of its allowed time, i.e. from 80 % of it on. */
export const AT_RISK_FRACTION = 0.8;

/** The deadline that applies to an open order, and the start its allowed time is counted from. */
export interface ApplicableDeadline {
  /** `acceptance` while `dispatched`; `resolution` after acceptance and while `returned`. */
  kind: 'acceptance' | 'resolution';
  /** The latest dispatch: the allowed time runs from here to `deadline`. */
  start: number;
  deadline: number;
}

/** The clocks an order carries after a move (all `undefined` before the first legal dispatch). */
export interface OrderClocks {
  latestDispatchAt: number | undefined;
  acceptanceDeadline: number | undefined;
  resolutionDeadline: number | undefined;
}

/** How an open order stands against its applicable deadline at an instant. */
export type DeadlineStatus = 'on-time' | 'at-risk' | 'overdue';

/** The acceptance deadline of a dispatch made at `dispatchAt`: 12 h later. */
export function acceptanceDeadlineOf(dispatchAt: number): number {
  return dispatchAt + ACCEPTANCE_LIMIT_MS;
}

/**
 * The resolution deadline of a dispatch: the deadline sent with it when there is one (it
 * replaces the rule's), else the "137" rule by the dispatch's `level`.
 */
export function resolutionDeadlineOf(dispatchAt: number, level: HandlingLevel, sentDeadline?: number): number {
  return sentDeadline ?? dispatchAt + RESOLUTION_LIMIT_MS[level];
}

/** The clocks set by a dispatch: both deadlines restart from this (the latest) dispatch. */
export function clocksOfDispatch(dispatchAt: number, level: HandlingLevel, sentDeadline?: number): OrderClocks {
  return {
    latestDispatchAt: dispatchAt,
    acceptanceDeadline: acceptanceDeadlineOf(dispatchAt),
    resolutionDeadline: resolutionDeadlineOf(dispatchAt, level, sentDeadline),
  };
}

/**
 * The deadline that applies to an order in `state`: the acceptance deadline while `dispatched`,
 * the resolution deadline in `accepted` and `handling`, and also in `returned` (domain.md is
 * silent there: the incident still waits for a resolution, so its clock keeps running until a
 * re-dispatch restarts both clocks). `undefined` when the order is not open or has no dispatch.
 */
export function applicableDeadline(state: State | undefined, clocks: OrderClocks): ApplicableDeadline | undefined {
  const { latestDispatchAt: start, acceptanceDeadline, resolutionDeadline } = clocks;
  if (!isOpen(state) || start === undefined) return undefined;
  if (state === 'dispatched') return acceptanceDeadline === undefined ? undefined : { kind: 'acceptance', start, deadline: acceptanceDeadline };
  return resolutionDeadline === undefined ? undefined : { kind: 'resolution', start, deadline: resolutionDeadline };
}

/**
 * The first millisecond at which the order is at risk: `start + 0.8 * (deadline - start)`,
 * rounded up so that `at >= atRiskAt(d)` holds exactly when `at >= start + 0.8 * (deadline - start)`
 * for integer `at`. A deadline at or before its start (a sent deadline in the past) makes the
 * order at risk, then overdue, at once.
 */
export function atRiskAt(d: ApplicableDeadline): number {
  return Math.ceil(d.start + AT_RISK_FRACTION * (d.deadline - d.start));
}

/** The first millisecond at which the order is overdue: overdue means strictly past the deadline. */
export function overdueAt(d: ApplicableDeadline): number {
  return d.deadline + 1;
}

/** The two reminder instants of a deadline: when the order becomes at risk, when it becomes overdue. */
export function reminderInstants(d: ApplicableDeadline): { atRiskAt: number; overdueAt: number } {
  return { atRiskAt: atRiskAt(d), overdueAt: overdueAt(d) };
}

/**
 * Where an open order stands at `at`: `overdue` when `at > deadline`; else `at-risk` from
 * {@link atRiskAt} on; else `on-time`. `at == deadline` is still at risk, not overdue.
 */
export function deadlineStatus(d: ApplicableDeadline, at: number): DeadlineStatus {
  if (at > d.deadline) return 'overdue';
  if (at >= atRiskAt(d)) return 'at-risk';
  return 'on-time';
}
