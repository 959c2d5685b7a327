import { describe, expect, it } from 'vitest';
import { ingestEvent } from '../../../server/protocol/ingest';
import { MAX_STORY, PATROL_HISTORY, simulate } from '../../../mock/simulation';
import type { TimedEvent } from '../../../mock/timed-event';
import { illegalMoves, ordersOf } from './measure';
import { DAY, MONDAY, tinyWorld } from './fixtures';

const base = { world: tinyWorld, seed: 7, rate: 130, origin: MONDAY };
const day = [...simulate({ ...base, to: MONDAY + DAY })];

describe('a simulated day of the tiny scenario', () => {
  it('yields only events of the ingest contract, with unique ids', () => {
    for (const e of day) {
      const parsed = ingestEvent.safeParse(e.event);
      if (!parsed.success) throw new Error(`${JSON.stringify(e.event)}: ${parsed.error.message}`);
    }
    expect(new Set(day.map((e) => e.event.id)).size).toBe(day.length);
    const types = new Set(day.map((e) => e.event.type));
    for (const t of ['incident.reported', 'workorder.transitioned', 'workorder.rated', 'hotline.call', 'camera.status', 'patrol.recorded', 'population.upserted']) expect(types).toContain(t);
  });

  it('is in time order, and occurredAt is the instant it is sent at', () => {
    expect(day.findIndex((e, i) => i > 0 && e.at < day[i - 1]!.at)).toBe(-1);
    expect(day.find((e) => Date.parse(e.event.occurredAt) !== e.at)).toBeUndefined();
  });

  it('starts patrol records a month before the origin and everything else at it', () => {
    expect(day[0]!.at).toBeGreaterThanOrEqual(MONDAY - PATROL_HISTORY);
    expect(day.filter((e) => e.at < MONDAY).every((e) => e.event.type === 'patrol.recorded')).toBe(true);
  });

  it('walks every work order through moves domain.md allows, after its incident', () => {
    const reportedAt = new Map<string, number>();
    for (const e of day) if (e.event.type === 'incident.reported') reportedAt.set(e.event.data.incidentId, e.at);
    const orders = ordersOf(day);
    expect(orders.size).toBeGreaterThan(2000);
    const problems: string[] = [];
    for (const [id, moves] of orders) {
      for (const bad of illegalMoves(moves)) problems.push(`${id}: ${bad}`);
      if (!(moves[0]!.at > reportedAt.get(moves[0]!.data.incidentId)!)) problems.push(`${id}: dispatched before its incident`);
    }
    expect(problems).toEqual([]);
  });

  it('rates an order only after it is closed', () => {
    const closedAt = new Map<string, number>();
    const early: string[] = [];
    for (const e of day) {
      if (e.event.type === 'workorder.transitioned' && e.event.data.to === 'closed') closedAt.set(e.event.data.workOrderId, e.at);
      if (e.event.type === 'workorder.rated' && !(e.at > closedAt.get(e.event.data.workOrderId)!)) early.push(e.event.id);
    }
    expect(early).toEqual([]);
    expect(closedAt.size).toBeGreaterThan(300);
  });
});

describe('determinism and windows', () => {
  it('gives the same events for the same seed, other events for another', () => {
    const again = [...simulate({ ...base, to: MONDAY + DAY })];
    expect(again).toEqual(day);
    const other = [...simulate({ ...base, seed: 8, to: MONDAY + DAY })];
    expect(other.map((e) => e.event.id)).not.toEqual(day.map((e) => e.event.id));
  });

  it('continues a run across windows exactly: orders opened before a boundary go on after it', () => {
    const boundary = MONDAY + 14 * 3_600_000;
    const first = [...simulate({ ...base, to: boundary })];
    const second = [...simulate({ ...base, from: boundary, to: MONDAY + DAY })];
    expect([...first, ...second]).toEqual(day);
    const openedBefore = new Set(first.filter((e) => e.event.type === 'workorder.transitioned').map((e) => (e.event.data as { workOrderId: string }).workOrderId));
    expect(second.some((e) => e.event.type === 'workorder.transitioned' && openedBefore.has(e.event.data.workOrderId))).toBe(true);
  });

  it('keeps every story within MAX_STORY of its incident', () => {
    const week: TimedEvent[] = [...simulate({ ...base, rate: 8, to: MONDAY + 30 * DAY })];
    const reportedAt = new Map<string, number>();
    for (const e of week) if (e.event.type === 'incident.reported') reportedAt.set(e.event.data.incidentId, e.at);
    let longest = 0;
    for (const moves of ordersOf(week).values()) longest = Math.max(longest, moves[moves.length - 1]!.at - reportedAt.get(moves[0]!.data.incidentId)!);
    expect(longest).toBeLessThan(MAX_STORY);
  });
});
