import { afterEach, describe, expect, it } from 'vitest';
import type { ScopeDelta } from '../../server/protocol/index';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { connectClient, subscribe, waitFor, type TestSocket } from '../support/socket-client';
import { incident, ingest } from '../support/kpi-fixture';
import { failLiveViewOnce } from '../support/fail-live-view';

const DISTRICT = '320612';
let running: RunningTestServer | undefined;
let socket: TestSocket | undefined;
afterEach(async () => {
  socket?.disconnect();
  await running?.stop();
  running = undefined;
});

describe("a room's delta that fails", () => {
  it('loses nothing: the next window carries its incidents and the chain goes on', async () => {
    running = await startTestServer({ config: { DELTA_WINDOW_MS: 100 } });
    socket = await connectClient(running);
    const snap = await subscribe(socket, DISTRICT);
    if (!snap.ok) throw new Error(snap.error);
    const deltas: ScopeDelta[] = [];
    socket.on('scope:delta', (d) => deltas.push(d));

    // The live view's queries fail once (a read model busy, say) when the delta is built.
    const failures = failLiveViewOnce(running);
    await ingest(running, [incident('DF1', new Date().toISOString(), { severity: 1 })]);

    const carried = await waitFor(socket, 'scope:delta', (d) => (d.incidents?.added.some((i) => i.incidentId === 'DF1') ? d : undefined), 3000);
    expect(failures.count).toBe(1);
    expect(carried.kpis).toBeDefined();
    // One chain from the snapshot on: every delta follows the one before.
    let at = snap.data.seq;
    for (const d of deltas) {
      expect(d.prevSeq).toBe(at);
      at = d.seq;
    }
  });

  it('a subscription whose scope cannot be read is refused with a message, and the next one is answered', async () => {
    running = await startTestServer({ config: { DELTA_WINDOW_MS: 100 } });
    failLiveViewOnce(running);
    socket = await connectClient(running);
    const refused = await subscribe(socket, DISTRICT);
    expect(refused).toEqual({ ok: false, error: `the scope ${DISTRICT} could not be read now; try again` });
    const answered = await subscribe(socket, DISTRICT);
    expect(answered.ok).toBe(true);
    await ingest(running, [incident('DF2', new Date().toISOString(), { severity: 1 })]);
    await waitFor(socket, 'scope:delta', (d) => (d.incidents?.added.some((i) => i.incidentId === 'DF2') ? d : undefined), 3000);
  });
});
