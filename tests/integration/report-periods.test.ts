import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScopeSummary } from '../../server/protocol/index';
import { ManualClock } from '../../server/clock';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { getJson, ingest } from '../support/kpi-fixture';
import { REPORT_EVENTS as events, REPORT_NOW } from '../support/report-fixture';

/** The report model around the edges of periods (domain.md, "Periods"): see tests/support/report-fixture.ts. */
const clock = new ManualClock(REPORT_NOW);
let running: RunningTestServer;

const q = (from: string, to: string): string => `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
async function summary(from: string, to: string): Promise<ScopeSummary> {
  const r = await getJson<ScopeSummary>(running, `/api/scopes/320612/summary?${q(from, to)}`);
  expect(r.status).toBe(200);
  return r.body;
}

let feb: ScopeSummary;
beforeAll(async () => {
  running = await startTestServer({ clock });
  await ingest(running, events);
  feb = await summary('2026-02-01T00:00:00+08:00', '2026-03-01T00:00:00+08:00');
});
afterAll(async () => {
  await running.stop();
});

describe('the report model at the edges of periods', () => {
  it('cuts months at local midnight on the 1st: 01-31 23:59:59 is January, 02-01 00:00:00 February', async () => {
    expect(feb.kind).toBe('month');
    expect(feb.kpis.reported).toBe(3); // IB, IC, ID
    expect(feb.previous.kpis.reported).toBe(1); // IA (January, 31 days)
    expect(Date.parse(feb.previous.from)).toBe(Date.parse('2026-01-01T00:00:00+08:00'));
    expect(feb.yearAgo.kpis.reported).toBe(1); // Y1
    expect(Date.parse(feb.yearAgo.to)).toBe(Date.parse('2025-03-01T00:00:00+08:00'));
    expect(Date.parse(feb.asOf)).toBe(Date.parse('2026-03-01T00:00:00+08:00'));
  });

  it('starts weeks on Monday 00:00: Sunday 23:59:59 is the earlier week', async () => {
    const week = await summary('2026-02-02T00:00:00+08:00', '2026-02-09T00:00:00+08:00');
    expect(week.kind).toBe('week');
    expect(week.kpis.reported).toBe(1); // ID
    expect(week.previous.kpis.reported).toBe(3); // IA, IB, IC (Monday 01-26 to Sunday 02-01)
  });

  it('cuts days at midnight, and the daily series puts each first resolution and call on the day it happened', async () => {
    const day = await summary('2026-02-01T00:00:00+08:00', '2026-02-02T00:00:00+08:00');
    expect(day.kind).toBe('day');
    expect(day.kpis.reported).toBe(2); // IB, IC
    expect(day.previous.kpis.reported).toBe(1); // IA on 01-31
    expect(feb.breakdowns.daily).toHaveLength(28);
    expect(feb.breakdowns.daily[0]).toEqual({ day: '2026-02-01', reported: 2, firstResolved: 1, callsOffered: 1 });
    expect(feb.breakdowns.daily[1]).toEqual({ day: '2026-02-02', reported: 1, firstResolved: 1, callsOffered: 1 });
    expect(feb.breakdowns.daily[27]).toEqual({ day: '2026-02-28', reported: 0, firstResolved: 0, callsOffered: 0 });
    const sum = (k: 'reported' | 'firstResolved' | 'callsOffered'): number => feb.breakdowns.daily.reduce((s, d) => s + d[k], 0);
    expect([sum('reported'), sum('firstResolved'), sum('callsOffered')]).toEqual([feb.kpis.reported, feb.counts.firstResolved, feb.counts.callsOffered]);
  });

  it('gives work-order outcomes of the orders opened in the period', () => {
    expect(feb.breakdowns.outcomes).toEqual({
      opened: 3, // WOA, WOB, WOD
      firstResolved: 2,
      onTime: 1, // WOB; WOA missed the 12:00 deadline sent with its dispatch
      late: 1,
      returned: 1, // WOD
      extended: 1, // WOD
      overdueNow: 1, // WOD: extended to 02-20, open on 03-01
      atRiskNow: 0,
      meanHandlingHours: 24, // (24 h 0 min 1 s + 23 h 59 min 59 s) / 2
    });
    expect(feb.breakdowns.topOverdue).toMatchObject([{ workOrderId: 'WOD', state: 'accepted', overdueHours: 9 * 24 }]);
    const dept = feb.breakdowns.byDepartment.find((d) => d.department === '城管')!;
    expect(dept).toMatchObject({ opened: 3, firstResolved: 2, onTime: 1, returned: 1, extended: 1, overdueNow: 1 });
  });

  it('gives the hotline against its targets, a rate without denominator neither met nor missed', () => {
    const h = feb.breakdowns.hotline;
    expect({ offered: h.callsOffered, answered: h.callsAnswered, fast: h.callsWithin10s, abandoned: h.callsAbandoned, incidents: h.incidents }).toEqual({
      offered: 2,
      answered: 1,
      fast: 1,
      abandoned: 1,
      incidents: 1,
    });
    expect(h.targets).toEqual([
      { key: 'hotlineConnect10sRate', value: 0.5, target: 0.95, met: false },
      { key: 'dispatchAccuracy', value: 3 / 4, target: 0.95, met: false }, // WOD's first dispatch was returned
      { key: 'hotlineSatisfaction', value: null, target: 0.98, met: null },
    ]);
  });

  it('ranks the children by incidents, and they add up to the scope', () => {
    const children = feb.breakdowns.children;
    expect(children.length).toBeGreaterThan(0);
    expect(children.map((c) => c.reported)).toEqual([...children.map((c) => c.reported)].sort((a, b) => b - a));
    expect(children.reduce((s, c) => s + c.reported, 0)).toBe(feb.kpis.reported);
  });

  it('refuses bad periods with 400 naming the field, and an unknown scope with 404', async () => {
    const get = (path: string) => getJson<{ error: string; message: string; issues: { path: string; message: string }[] }>(running, path);
    const notAfter = await get(`/api/scopes/320612/summary?${q('2026-02-02T00:00:00+08:00', '2026-02-02T00:00:00+08:00')}`);
    expect(notAfter.status).toBe(400);
    expect(notAfter.body.issues).toEqual([{ path: 'to', message: 'must be after from' }]);
    const tooLong = await get(`/api/scopes/320612/summary?${q('2025-01-01T00:00:00+08:00', '2026-01-03T00:00:00+08:00')}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.issues[0]).toMatchObject({ path: 'to', message: expect.stringContaining('366 days') });
    const malformed = await get(`/api/scopes/320612/summary?${q('2026-02-30T00:00:00+08:00', '2026-03-01T00:00:00+08:00')}`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.issues.map((i) => i.path)).toEqual(['from']);
    expect(malformed.body.message).toMatch(/^from: /);
    const unknown = await get(`/api/scopes/999999/summary?${q('2026-02-01T00:00:00+08:00', '2026-03-01T00:00:00+08:00')}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('not-found');
  });
});
