import type { IngestEvent } from '../../../server/protocol/ingest';
import type { TimedEvent } from '../../../mock/timed-event';

/**
 * Independent re-computation of the KPIs the simulation is tuned for, from its events alone, with
 * the rules of domain.md: the tests' yardstick (not the server's engine, which others build).
 */

type Transition = Extract<IngestEvent, { type: 'workorder.transitioned' }>;
const HOUR = 3_600_000;
const ALLOWANCE = { street: 24 * HOUR, district: 72 * HOUR, city: 168 * HOUR } as const;

/** domain.md's table of allowed moves; `extended` and `supervised` are actions on dispatched … handling. */
export const ALLOWED: Record<string, readonly string[]> = {
  '': ['dispatched'],
  dispatched: ['accepted', 'returned', 'extended', 'supervised'],
  accepted: ['handling', 'returned', 'extended', 'supervised'],
  handling: ['resolved', 'extended', 'supervised'],
  resolved: ['verified', 'handling'],
  verified: ['closed'],
  returned: ['dispatched'],
  closed: [],
};

/** Each order's moves in time order. */
export function ordersOf(events: readonly TimedEvent[]): Map<string, { at: number; data: Transition['data'] }[]> {
  const orders = new Map<string, { at: number; data: Transition['data'] }[]>();
  for (const e of events) {
    if (e.event.type !== 'workorder.transitioned') continue;
    const list = orders.get(e.event.data.workOrderId) ?? [];
    list.push({ at: e.at, data: e.event.data });
    orders.set(e.event.data.workOrderId, list);
  }
  for (const list of orders.values()) list.sort((a, b) => a.at - b.at);
  return orders;
}

/** The illegal moves of an order's history (empty when it follows the table). */
export function illegalMoves(moves: readonly { data: Transition['data'] }[]): string[] {
  let state = '';
  const bad: string[] = [];
  for (const { data } of moves) {
    if (!ALLOWED[state]!.includes(data.to)) bad.push(`${state || '(new)'} -> ${data.to}`);
    else if (data.to !== 'extended' && data.to !== 'supervised') state = data.to;
  }
  return bad;
}

/** On time: first resolution at or before the deadline that applied then (137 rule from the latest dispatch, or the latest extension). */
export function onTimeShare(events: readonly TimedEvent[]): { share: number; resolved: number } {
  let resolved = 0;
  let onTime = 0;
  for (const moves of ordersOf(events).values()) {
    let deadline = Infinity;
    for (const { at, data } of moves) {
      if (data.to === 'dispatched') deadline = at + ALLOWANCE[data.level];
      if (data.to === 'extended' && data.deadline) deadline = Date.parse(data.deadline);
      if (data.to === 'resolved') {
        resolved += 1;
        if (at <= deadline) onTime += 1;
        break;
      }
    }
  }
  return { share: onTime / resolved, resolved };
}

/** Calls answered within 10 s / calls offered. */
export function connect10sShare(events: readonly TimedEvent[]): { share: number; calls: number; abandoned: number } {
  let calls = 0;
  let fast = 0;
  let abandoned = 0;
  for (const { event: e } of events) {
    if (e.type !== 'hotline.call') continue;
    calls += 1;
    if (e.data.answeredAt === undefined) abandoned += 1;
    else if (Date.parse(e.data.answeredAt) - Date.parse(e.data.offeredAt) <= 10_000) fast += 1;
  }
  return { share: fast / calls, calls, abandoned };
}

/** Satisfied ratings / ratings, and ratings / closed orders. */
export function satisfaction(events: readonly TimedEvent[]): { share: number; ratings: number; ratedShare: number } {
  let ratings = 0;
  let satisfied = 0;
  let closed = 0;
  for (const { event: e } of events) {
    if (e.type === 'workorder.rated') {
      ratings += 1;
      if (e.data.satisfied) satisfied += 1;
    } else if (e.type === 'workorder.transitioned' && e.data.to === 'closed') closed += 1;
  }
  return { share: satisfied / ratings, ratings, ratedShare: ratings / closed };
}

/** Dispatch moves not followed by a return of the same order / dispatch moves. */
export function dispatchAccuracy(events: readonly TimedEvent[]): number {
  let dispatches = 0;
  let returned = 0;
  for (const moves of ordersOf(events).values()) {
    for (const m of moves) {
      if (m.data.to === 'dispatched') dispatches += 1;
      if (m.data.to === 'returned') returned += 1;
    }
  }
  return 1 - returned / dispatches;
}

/** Time-averaged share of cameras offline over [from, to), from their registered state and every status before. */
export function offlineShare(events: readonly TimedEvent[], cameras: readonly { cameraId: string; online: boolean }[], from: number, to: number): number {
  const state = new Map(cameras.map((c) => [c.cameraId, c.online] as const));
  let offline = cameras.filter((c) => !c.online).length;
  let t = from;
  let area = 0;
  for (const { at, event: e } of events) {
    if (e.type !== 'camera.status' || at >= to) continue;
    if (at >= from) {
      area += offline * (at - t);
      t = at;
    }
    const was = state.get(e.data.cameraId);
    if (was !== e.data.online) offline += e.data.online ? -1 : 1;
    state.set(e.data.cameraId, e.data.online);
  }
  area += offline * (to - t);
  return area / (cameras.length * (to - from));
}

/** Rental buildings patrolled at least as often as their level asks in the 30 days ending at `asOf`. */
export function patrolCompletion(events: readonly TimedEvent[], rentals: readonly { buildingId: string; level: string }[], asOf: number): number {
  const need: Record<string, number> = { 宽管: 1, 警示: 2, 严管: 4, 禁租: 4 };
  const count = new Map<string, number>();
  for (const { at, event: e } of events) {
    if (e.type === 'patrol.recorded' && at < asOf && at >= asOf - 30 * 24 * HOUR && e.data.buildingId) count.set(e.data.buildingId, (count.get(e.data.buildingId) ?? 0) + 1);
  }
  return rentals.filter((b) => (count.get(b.buildingId) ?? 0) >= need[b.level]!).length / rentals.length;
}
