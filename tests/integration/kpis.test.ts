import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestEvent, ScopeSummary } from '../../server/protocol/index';
import { ManualClock } from '../../server/clock';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { at, call, getJson, incident, ingest, move, rated } from '../support/kpi-fixture';

/**
 * One worked day, 2026-11-23 in Asia/Shanghai, read at 18:00 that day. Every expectation below is
 * computed by hand from the events, with the formula of domain.md's KPI table beside it.
 */
const clock = new ManualClock(Date.parse(at('18:00')));
let running: RunningTestServer;
const DAY = `from=${encodeURIComponent(at('00:00'))}&to=${encodeURIComponent(at('2026-11-24T00:00:00+08:00'))}`;
const loc = [121.05, 32.06];
let n = 0;
const ev = (type: string, time: string, data: Record<string, unknown>): IngestEvent => ({ id: `w-${++n}`, type, occurredAt: at(time), data }) as IngestEvent;

const events: IngestEvent[] = [
  // I6 at 23:59:59 the day before (not reported today), first resolved today at 05:00, on time.
  incident('I6', '2026-11-22T23:59:59+08:00'),
  move('WO6', 'I6', 'dispatched', '00:10'),
  move('WO6', 'I6', 'accepted', '01:00'),
  move('WO6', 'I6', 'handling', '01:10'),
  move('WO6', 'I6', 'resolved', '05:00'),
  // I8 at 00:00:00 exactly: today's, never dispatched.
  incident('I8', '00:00'),
  // I4: dispatched with a sender's deadline of 10:00, handling since 04:00: overdue at 18:00.
  incident('I4', '01:00'),
  move('WO4', 'I4', 'dispatched', '02:00', { deadline: at('10:00') }),
  move('WO4', 'I4', 'accepted', '03:00'),
  move('WO4', 'I4', 'handling', '04:00'),
  // I3: dispatched at 07:00, not accepted: acceptance deadline 19:00, at risk from 16:36.
  incident('I3', '06:30'),
  move('WO3', 'I3', 'dispatched', '07:00'),
  // I1: the whole loop by 14:00, rated satisfied; then an accept after closing (an anomaly).
  incident('I1', '08:00'),
  move('WO1', 'I1', 'dispatched', '08:10'),
  move('WO1', 'I1', 'accepted', '09:00'),
  move('WO1', 'I1', 'handling', '09:30'),
  move('WO1', 'I1', 'resolved', '12:00'),
  move('WO1', 'I1', 'verified', '13:00'),
  move('WO1', 'I1', 'closed', '14:00'),
  rated('WO1', true, '15:00'),
  move('WO1', 'I1', 'accepted', '16:00'),
  // I2: dispatched 09:05, acceptance deadline 21:05, at risk only from 18:41: on time at 18:00.
  incident('I2', '09:00'),
  move('WO2', 'I2', 'dispatched', '09:05'),
  // I5 from the hotline: returned once, re-dispatched to the district, resolved 17:00, rated unsatisfied.
  incident('I5', '10:00', { source: 'hotline' }),
  move('WO5', 'I5', 'dispatched', '10:10'),
  move('WO5', 'I5', 'returned', '10:30'),
  move('WO5', 'I5', 'dispatched', '10:40', { level: 'district' }),
  move('WO5', 'I5', 'accepted', '11:00'),
  move('WO5', 'I5', 'handling', '11:10'),
  move('WO5', 'I5', 'resolved', '17:00'),
  rated('WO5', false, '17:30'),
  // Hotline calls: answered after 5 s, 12 s, never, exactly 10 s.
  call('C1', '09:00', 5),
  call('C2', '09:10', 12),
  call('C3', '09:20', undefined),
  call('C4', '09:30', 10),
  // Cameras: A online; B online then offline at 12:00; C registered after 18:00.
  ev('camera.upserted', '08:00', { cameraId: 'CA', name: 'A', location: loc, stream: { kind: 'hls', url: '/a.m3u8' }, online: true }),
  ev('camera.upserted', '08:00', { cameraId: 'CB', name: 'B', location: loc, stream: { kind: 'hls', url: '/b.m3u8' }, online: true }),
  ev('camera.status', '12:00', { cameraId: 'CB', online: false }),
  ev('camera.upserted', '19:00', { cameraId: 'CC', name: 'C', location: loc, stream: { kind: 'hls', url: '/c.m3u8' }, online: true }),
  // Rental buildings: R1 宽管 patrolled once (needs 1); R2 严管 three times (needs 4); R3 警示 twice, one outside the 30 days.
  ev('building.upserted', '2026-10-01T08:00:00+08:00', { buildingId: 'R1', address: 'a', location: loc, floors: 3, households: 3, residents: 8, rental: { level: '宽管' } }),
  ev('building.upserted', '2026-10-01T08:00:00+08:00', { buildingId: 'R2', address: 'b', location: loc, floors: 3, households: 3, residents: 8, rental: { level: '严管' } }),
  ev('building.upserted', '2026-10-01T08:00:00+08:00', { buildingId: 'R3', address: 'c', location: loc, floors: 3, households: 3, residents: 8, rental: { level: '警示' } }),
  ev('patrol.recorded', '2026-11-10T10:00:00+08:00', { patrolId: 'T1', staffId: 'S', buildingId: 'R1' }),
  ev('patrol.recorded', '2026-11-01T10:00:00+08:00', { patrolId: 'T2', staffId: 'S', buildingId: 'R2' }),
  ev('patrol.recorded', '2026-11-08T10:00:00+08:00', { patrolId: 'T3', staffId: 'S', buildingId: 'R2' }),
  ev('patrol.recorded', '2026-11-15T10:00:00+08:00', { patrolId: 'T4', staffId: 'S', buildingId: 'R2' }),
  ev('patrol.recorded', '2026-10-20T10:00:00+08:00', { patrolId: 'T5', staffId: 'S', buildingId: 'R3' }),
  ev('patrol.recorded', '2026-11-20T10:00:00+08:00', { patrolId: 'T6', staffId: 'S', buildingId: 'R3' }),
  // Key populations: P1 stays; P2 is removed at 12:00; P3 is recorded at 20:00 (after "as of").
  ev('population.upserted', '08:00', { personId: 'P1', categories: ['elderly-alone'], location: loc, name: '甲', idNumber: '32061219400101001X', phone: '13800000001' }),
  ev('population.upserted', '08:00', { personId: 'P2', categories: ['disabled', 'hardship'], location: loc, name: '乙', idNumber: '320612198001010012', phone: '13800000002' }),
  ev('population.removed', '12:00', { personId: 'P2' }),
  ev('population.upserted', '20:00', { personId: 'P3', categories: ['left-behind-child'], location: loc, name: '丙', idNumber: '320612201501010013', phone: '13800000003' }),
];

let summary: ScopeSummary;
beforeAll(async () => {
  running = await startTestServer({ clock });
  await ingest(running, events);
  const r = await getJson<ScopeSummary>(running, `/api/scopes/320612/summary?${DAY}`);
  expect(r.status).toBe(200);
  summary = r.body;
});
afterAll(async () => {
  await running.stop();
});

describe('KPIs of a worked day (domain.md formulas)', () => {
  it('reads the day "as of" 18:00 and classifies it as a calendar day', () => {
    expect(summary.kind).toBe('day');
    expect(Date.parse(summary.asOf)).toBe(Date.parse(at('18:00')));
  });

  it('reported: incidents whose occurredAt is in the period (00:00:00 in, 23:59:59 the day before out)', () => {
    expect(summary.kpis.reported).toBe(6); // I8, I4, I3, I1, I2, I5
  });

  it('disposalRate and closureRate: of those, resolved / closed by "as of"', () => {
    expect(summary.kpis.disposalRate).toBeCloseTo(2 / 6, 12); // I1 (12:00), I5 (17:00)
    expect(summary.kpis.closureRate).toBeCloseTo(1 / 6, 12); // I1 (14:00)
  });

  it('onTimeRate and meanHandlingHours: over orders first resolved in the period', () => {
    expect(summary.kpis.onTimeRate).toBe(1); // WO6 05:00, WO1 12:00, WO5 17:00: all before their deadlines
    // (4 h + 7 h + 5 h 0 min 1 s) / 3
    expect(summary.kpis.meanHandlingHours).toBeCloseTo((4 + 7 + (5 * 3600 + 1) / 3600) / 3, 9);
  });

  it('overdueNow and atRiskNow: open orders past, or in the last 20 % before, their applicable deadline', () => {
    expect(summary.kpis.overdueNow).toBe(1); // WO4: resolution deadline 10:00 (sent with the dispatch)
    expect(summary.kpis.atRiskNow).toBe(1); // WO3: acceptance deadline 19:00, at risk since 16:36
    expect(summary.breakdowns.topOverdue.map((o) => o.workOrderId)).toEqual(['WO4']);
    expect(summary.breakdowns.topOverdue[0]!.overdueHours).toBeCloseTo(8, 9);
  });

  it('satisfactionRate and hotlineSatisfaction: ratings in the period', () => {
    expect(summary.kpis.satisfactionRate).toBe(0.5); // WO1 yes, WO5 no
    expect(summary.kpis.hotlineSatisfaction).toBe(0); // WO5 (I5 came from the hotline): no
  });

  it('hotlineConnect10sRate: answered within 10 s (10 s exactly counts) / offered', () => {
    expect(summary.kpis.hotlineConnect10sRate).toBe(0.5); // C1, C4 of C1-C4
  });

  it('dispatchAccuracy: dispatches not followed by a return / dispatches in the period', () => {
    expect(summary.kpis.dispatchAccuracy).toBeCloseTo(6 / 7, 12); // WO5's first dispatch was returned
  });

  it('cameraOnlineRate: cameras online "as of" / cameras registered by then', () => {
    expect(summary.kpis.cameraOnlineRate).toBe(0.5); // A online, B offline since 12:00; C not yet registered
  });

  it('patrolCompletion: rental buildings patrolled as often as their level asks in the 30 days to "as of"', () => {
    expect(summary.kpis.patrolCompletion).toBeCloseTo(1 / 3, 12); // R1 yes; R2 3 of 4; R3 1 of 2 in the window
  });

  it('keyPopulations: counts by category "as of"', () => {
    expect(summary.kpis.keyPopulations['elderly-alone']).toBe(1);
    expect(summary.kpis.keyPopulations.disabled).toBe(0); // removed at 12:00
    expect(summary.kpis.keyPopulations['left-behind-child']).toBe(0); // recorded at 20:00
  });

  it('compares with the previous day (环比) and the same day a year earlier (同比)', () => {
    expect(summary.previous.kpis.reported).toBe(1); // I6
    expect(Date.parse(summary.previous.from)).toBe(Date.parse(at('2026-11-22T00:00:00+08:00')));
    expect(summary.yearAgo.kpis.reported).toBe(0);
    expect(summary.yearAgo.kpis.disposalRate).toBeNull(); // an empty denominator is null, never 0 or 1
    expect(Date.parse(summary.yearAgo.from)).toBe(Date.parse(at('2025-11-23T00:00:00+08:00')));
  });

  it('lists the anomaly (an accept after closing) without letting it change the order', async () => {
    const r = await getJson<{ items: { workOrderId: string; to: string; from: string; reason: string }[] }>(running, '/api/anomalies?scope=320612');
    expect(r.body.items).toMatchObject([{ workOrderId: 'WO1', to: 'accepted', from: 'closed' }]);
    const wo = await getJson<{ state: string; timeline: { legal: boolean }[] }>(running, '/api/workorders/WO1');
    expect(wo.body.state).toBe('closed');
    expect(wo.body.timeline.filter((m) => !m.legal)).toHaveLength(1);
  });

  it('pages and filters work orders in the read models', async () => {
    const open = await getJson<{ total: number; items: { workOrderId: string }[] }>(running, '/api/workorders?scope=320612&state=open');
    expect(open.body.items.map((i) => i.workOrderId).sort()).toEqual(['WO2', 'WO3', 'WO4']);
    // One state at a time: the closed order (its later, illegal accept does not reopen it), the
    // resolved ones waiting for verification, the one in hand.
    for (const [state, ids] of [['closed', ['WO1']], ['resolved', ['WO5', 'WO6']], ['handling', ['WO4']]] as const) {
      const r = await getJson<{ total: number; items: { workOrderId: string }[] }>(running, `/api/workorders?scope=320612&state=${state}`);
      expect([r.body.total, r.body.items.map((i) => i.workOrderId).sort()]).toEqual([ids.length, ids]);
    }
    const overdue = await getJson<{ items: { workOrderId: string; deadlineStatus: string }[] }>(running, '/api/workorders?scope=320612&overdue=true');
    expect(overdue.body.items).toMatchObject([{ workOrderId: 'WO4', deadlineStatus: 'overdue' }]);
    const page = await getJson<{ total: number; items: unknown[] }>(running, '/api/workorders?scope=320612&limit=2&offset=0');
    expect(page.body.total).toBe(6);
    expect(page.body.items).toHaveLength(2);
  });

  it('answers bad parameters with 400 naming the field, and an unknown scope with 404', async () => {
    expect((await getJson(running, `/api/scopes/999999/summary?${DAY}`)).status).toBe(404);
    const bad = await getJson<{ issues: { path: string }[] }>(running, '/api/scopes/320612/summary?from=2026-11-23&to=2026-11-22T00:00:00Z');
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i) => i.path)).toContain('from');
    const long = await getJson<{ issues: { path: string }[] }>(running, `/api/scopes/320612/summary?from=${encodeURIComponent(at('2025-01-01T00:00:00+08:00'))}&to=${encodeURIComponent(at('2026-11-23T00:00:00+08:00'))}`);
    expect(long.status).toBe(400);
  });
});
