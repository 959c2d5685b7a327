import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { connectClient, subscribe, waitFor, type TestSocket } from '../support/socket-client';
import { incident, ingest } from '../support/kpi-fixture';

const DISTRICT = '320612';
let running: RunningTestServer | undefined;
let socket: TestSocket | undefined;
afterEach(async () => {
  socket?.disconnect();
  await running?.stop();
  running = undefined;
});

describe('when the projector thread is gone', () => {
  it('keeps accepting ingest, reports the node degraded and stops telling screens that nothing changed', async () => {
    running = await startTestServer({ config: { DELTA_WINDOW_MS: 100 } });
    await ingest(running, [incident('F1', new Date().toISOString())]);
    await running.server.engine.feed();
    expect((await fetch(`${running.url}/api/health`)).status).toBe(200);
    socket = await connectClient(running);
    const snap = await subscribe(socket, DISTRICT);
    if (!snap.ok) throw new Error(snap.error);

    // The thread ends (as a crash would end it): pages sent to it must fail, not wait for ever.
    await running.server.projector.close();
    const accepted = await fetch(`${running.url}/api/ingest/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${running.apiKey}` },
      body: JSON.stringify({ events: [incident('F2', new Date().toISOString())] }),
    });
    expect(accepted.status).toBe(200); // durable in the log: nothing accepted is lost
    expect(await running.server.store.lastSeq()).toBeGreaterThan(snap.data.seq);
    await expect(running.server.engine.feed()).rejects.toThrow(/projector's thread exited/);

    const health = await fetch(`${running.url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'degraded', problem: expect.stringMatching(/^folding failed/) as unknown });

    // A healthy node sends a quiet scope an empty delta within 5 s (slice.test.ts); this one does
    // not, so the wall's stale flags come up instead of showing frozen numbers as live.
    await expect(waitFor(socket, 'scope:delta', (d) => d, 6500)).rejects.toThrow();
  }, 15_000);
});
