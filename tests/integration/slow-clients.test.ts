import { afterAll, describe, expect, it } from 'vitest';
import { nearBuildings } from '../../mock/place-sampler';
import { realtimeMetrics, type RealtimeMetrics } from '../../server/protocol/index';
import { backlogOf } from '../../server/realtime/slow-clients';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { differences, eventually, ModelClient } from '../support/model-client';
import { LiveEvents, pace, postEvents } from '../support/live-events';

let running: RunningTestServer | undefined;
const clients: ModelClient[] = [];
afterAll(async () => {
  for (const c of clients) c.close();
  await running?.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const LIMITS = { maxBacklog: 16, maxStallMs: 3000 };

async function metrics(token: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${running!.url}/api/metrics`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

/** The client's own TCP socket (engine.io-client's websocket transport runs on `ws` in Node). */
function tcpOf(client: ModelClient): { pause(): void; resume(): void } {
  return (client.socket.io.engine.transport as unknown as { ws: { _socket: { pause(): void; resume(): void } } }).ws._socket;
}

describe('a client that stops reading', () => {
  it('is moved to snapshot mode with a bounded queue, counted, and caught up with one delta once it reads again', async () => {
    running = await startTestServer({ deps: { slowClients: LIMITS } });
    const server = running.server;
    const district = server.territory.territory.district.code;
    const events = new LiveEvents(nearBuildings(server.territory.buildings), 9);
    // A day's worth of incidents, so that the district's snapshot weighs some 400 KB.
    for (let i = 0; i < 4; i++) await postEvents(running.url, running.apiKey, events.next(500));
    await server.engine.catchUp();

    const healthy = new ModelClient(running.url, running.token, [district]);
    const slow = new ModelClient(running.url, running.token, [district]);
    clients.push(healthy, slow);
    await Promise.all(clients.map((c) => c.connected()));
    expect(await eventually(() => (healthy.settled && slow.settled ? undefined : 'subscribing'), 5000)).toBeUndefined();

    // The slow screen stops reading and asks for the district forty times: some 16 MB of
    // snapshots fill the kernel's buffers, then engine.io's queue starts to grow.
    tcpOf(slow).pause();
    for (let i = 0; i < 40; i++) slow.socket.emit('scope:subscribe', { scope: district }, () => undefined);
    const flow = pace((batch) => postEvents(running!.url, running!.apiKey, batch), events, 5, 100);
    const onServer = server.io.of('/').sockets.get(slow.socket.id!)!;
    expect(await eventually(() => (onServer.data.behind ? undefined : `backlog ${backlogOf(onServer).packets}`), 10_000)).toBeUndefined();

    const admin = await running.adminToken();
    const during = await metrics(admin);
    expect(during.status).toBe(200);
    const m: RealtimeMetrics = realtimeMetrics.parse(during.body);
    expect(m).toMatchObject({ slowClientsDemoted: 1, slowClientsNow: 1, socketsConnected: 2, rooms: 1 });
    expect((await metrics(running.token)).status).toBe(403); // a display token reads no metrics

    // Deltas keep flowing to the room, but nothing more is queued for the demoted socket.
    const queued = backlogOf(onServer).packets;
    await sleep(2000);
    expect(backlogOf(onServer).packets).toBeLessThanOrEqual(queued + 1);
    expect(queued).toBeLessThan(LIMITS.maxBacklog + 8);

    // It reads again: once drained it gets one catch-up delta that follows the last delta it was
    // sent, and rejoins the room's chain.
    tcpOf(slow).resume();
    await sleep(1500);
    await flow.stop();
    await server.engine.catchUp();
    const diff = await eventually(() => {
      const fresh = server.engine.snapshot(district);
      for (const c of clients) {
        const d = differences(c.held.get(district), fresh);
        if (d.length > 0) return `${c === slow ? 'slow' : 'healthy'}: ${d.join('; ')}`;
      }
      return undefined;
    }, 15_000, 500);
    expect(diff).toBeUndefined();
    expect(slow.gaps).toBe(0);
    expect(healthy.gaps).toBe(0);
    const after = realtimeMetrics.parse((await metrics(admin)).body);
    expect(after).toMatchObject({ slowClientsDemoted: 1, slowClientsRestored: 1, slowClientsNow: 0, catchUpDeltas: 1 });
    expect(after.deltasSent).toBeGreaterThan(10);
  }, 60_000);
});
