import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScopeDelta } from '../../server/protocol/index';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { connectClient, subscribe, waitFor, type TestSocket } from '../support/socket-client';
import { incident, ingest } from '../support/kpi-fixture';

let running: RunningTestServer;
let socket: TestSocket;
beforeAll(async () => {
  running = await startTestServer({ config: { DELTA_WINDOW_MS: 50 } });
  socket = await connectClient(running);
});
afterAll(async () => {
  socket.disconnect();
  await running.stop();
});

describe('alarms on the wall', () => {
  it('lists severe incidents of today until one wall acknowledges them, and audits it under the display token', async () => {
    const now = new Date().toISOString();
    await ingest(running, [incident('A1', now, { severity: 4, category: 'fire-hazard' }), incident('A2', now, { severity: 1 })]);
    const snap = await subscribe(socket, '320612');
    if (!snap.ok) throw new Error(snap.error);
    expect(snap.data.alarms.map((a) => a.incidentId)).toEqual(['A1']);
    expect(snap.data.panels.counts.reported).toBeGreaterThanOrEqual(2);

    const cleared = waitFor(socket, 'scope:delta', (d: ScopeDelta) => (d.alarms && d.alarms.length === 0 ? d : undefined), 5000);
    const answer = await socket.timeout(5000).emitWithAck('alarm:acknowledge', { incidentId: 'A1' });
    expect(answer).toEqual({ ok: true, data: null });
    await cleared;

    const entries: { action: string; target: string; actor: string; result: string }[] = [];
    for await (const e of running.server.stores.audit.all()) entries.push(e);
    expect(entries.filter((e) => e.action === 'alarm.acknowledge')).toMatchObject([{ target: 'A1', result: 'ok', actor: expect.stringContaining('display') }]);
  });

  it('refuses to acknowledge an unknown incident, the same as one outside the scope', async () => {
    expect(await socket.timeout(5000).emitWithAck('alarm:acknowledge', { incidentId: 'nope' })).toEqual({ ok: false, error: 'no alarm nope' });
  });

  it('puts per-grid numbers and overdue orders on the map', async () => {
    const snap = await subscribe(socket, '320612');
    if (!snap.ok) throw new Error(snap.error);
    expect(snap.data.map.grids.reduce((a, g) => a + g.reported, 0)).toBe(2);
    expect(snap.data.map.grids.every((g) => g.code.length === 15)).toBe(true);
  });
});
