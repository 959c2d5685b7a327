import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { at, getJson, incident, ingest, move } from '../support/kpi-fixture';

let running: RunningTestServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

interface Anomaly {
  workOrderId: string;
  from: string | null;
  to: string;
  reason: string;
}
interface Order {
  state: string;
  timeline: { to: string; legal: boolean; occurredAt: string }[];
}

const anomalies = async (r: RunningTestServer) => (await getJson<{ items: Anomaly[] }>(r, '/api/anomalies?scope=320612')).body.items;
const order = async (r: RunningTestServer, id: string) => (await getJson<Order>(r, `/api/workorders/${id}`)).body;
/** The order's dispatches as the dispatch-accuracy KPI reads them: when, and returned when. */
const dispatches = (r: RunningTestServer, id: string) =>
  r.server.readDb.all<{ at: number; returned_at: number | null }>('SELECT at, returned_at FROM p_dispatches WHERE work_order_id = ? ORDER BY at', [id]).map((d) => [
    new Date(d.at).toISOString(),
    d.returned_at === null ? null : new Date(d.returned_at).toISOString(),
  ]);
const utc = (t: string) => new Date(at(t)).toISOString();

describe('moves that arrive late, in the read models', () => {
  it('re-judge the history: the anomalies list gains and loses moves, and a restart folds the same history', async () => {
    running = await startTestServer();
    await ingest(running, [incident('LI1', '07:00'), incident('LI2', '07:00'), incident('LI3', '07:00')]);

    // In order, one event at a time: a dispatch, its return, a re-dispatch.
    for (const [to, time] of [['dispatched', '08:00'], ['returned', '08:10'], ['dispatched', '08:20']] as const) await ingest(running, [move('LW3', 'LI3', to, time)]);
    expect(dispatches(running, 'LW3')).toEqual([
      [utc('08:00'), utc('08:10')],
      [utc('08:20'), null],
    ]);

    // LI1's order: an accept before any dispatch is an anomaly, until the dispatch before it arrives.
    await ingest(running, [move('LW1', 'LI1', 'accepted', '09:00')]);
    expect(await anomalies(running)).toMatchObject([{ workOrderId: 'LW1', from: null, to: 'accepted' }]);
    await ingest(running, [move('LW1', 'LI1', 'dispatched', '08:00')]);
    expect(await anomalies(running)).toEqual([]);
    expect(await order(running, 'LW1')).toMatchObject({ state: 'accepted', timeline: [{ to: 'dispatched', legal: true }, { to: 'accepted', legal: true }] });

    // LI2's order: a legal accept becomes an anomaly once a return before it arrives.
    await ingest(running, [move('LW2', 'LI2', 'dispatched', '08:00'), move('LW2', 'LI2', 'accepted', '09:00')]);
    expect(await anomalies(running)).toEqual([]);
    await ingest(running, [move('LW2', 'LI2', 'returned', '08:30')]);
    expect(await anomalies(running)).toMatchObject([{ workOrderId: 'LW2', from: 'returned', to: 'accepted' }]);
    expect(dispatches(running, 'LW2')).toEqual([[utc('08:00'), utc('08:30')]]);
    const before = { lw1: await order(running, 'LW1'), lw2: await order(running, 'LW2') };
    expect(before.lw2.state).toBe('returned');

    // A new process has no order in memory: it folds each order from the history it stored.
    const { dataDir } = running;
    await running.stop({ keepData: true });
    running = await startTestServer({ dataDir });
    expect({ lw1: await order(running, 'LW1'), lw2: await order(running, 'LW2') }).toEqual(before);
    await ingest(running, [move('LW1', 'LI1', 'handling', '10:00'), move('LW2', 'LI2', 'dispatched', '09:30')]);
    expect((await order(running, 'LW1')).state).toBe('handling');
    // The re-dispatch at 09:30 comes after the return, so the accept at 09:00 stays an anomaly.
    expect(await order(running, 'LW2')).toMatchObject({
      state: 'dispatched',
      timeline: [{ to: 'dispatched' }, { to: 'returned' }, { to: 'accepted', legal: false }, { to: 'dispatched', legal: true }],
    });
    expect(await anomalies(running)).toMatchObject([{ workOrderId: 'LW2', to: 'accepted' }]);
    expect(dispatches(running, 'LW2')).toEqual([
      [utc('08:00'), utc('08:30')],
      [utc('09:30'), null],
    ]);
    expect(dispatches(running, 'LW1')).toEqual([[utc('08:00'), null]]);
  });
});
