import { afterAll, describe, expect, it } from 'vitest';
import { nearBuildings } from '../../mock/place-sampler';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { differences, eventually, ModelClient } from '../support/model-client';
import { LiveEvents, pace, postEvents } from '../support/live-events';

const CLIENTS = 200;
let running: RunningTestServer | undefined;
const clients: ModelClient[] = [];
afterAll(async () => {
  for (const c of clients) c.close();
  await running?.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('200 clients losing their connection for 1 to 10 s while events flow at 50/s', () => {
  it('end equal to a fresh snapshot of their scopes, with no gap left unhealed', async () => {
    running = await startTestServer();
    const server = running.server;
    const { scopes } = server.territory.territory;
    // The wall's district, the street, the communities and the grids: every client one of them,
    // every fifth the district as well (a wall that drills in).
    const district = server.territory.territory.district.code;
    const choices = scopes.filter((s) => s.level < 4).map((s) => s.code); // not the micro-grids
    for (let i = 0; i < CLIENTS; i++) {
      const own = choices[i % choices.length]!;
      const mine = i % 5 === 0 && own !== district ? [own, district] : [own];
      clients.push(new ModelClient(running.url, running.token, mine));
    }
    await Promise.all(clients.map((c) => c.connected()));

    const events = new LiveEvents(nearBuildings(server.territory.buildings), 6);
    const flow = pace((batch) => postEvents(running!.url, running!.apiKey, batch), events, 5, 100); // 50 events/s
    await sleep(2000);

    // Each client's transport drops; its manager reconnects after 1 to 10 s (then resubscribes
    // with its position, as the web store does).
    const outages = clients.map((c) => {
      const ms = 1000 + Math.floor(Math.random() * 9000);
      c.socket.io.reconnectionDelay(ms);
      c.socket.io.reconnectionDelayMax(ms);
      c.socket.io.randomizationFactor(0);
      c.socket.io.engine.close();
      return ms;
    });
    expect(Math.max(...outages)).toBeGreaterThan(5000);
    await sleep(500);
    expect(clients.filter((c) => c.socket.connected).length).toBe(0);
    const back = await eventually(() => {
      const down = clients.filter((c) => !c.socket.connected).length;
      return down === 0 ? undefined : `${down} clients still disconnected`;
    }, 15_000);
    expect(back).toBeUndefined();
    await sleep(1000);
    await flow.stop();
    expect(flow.failed()).toBe(0);

    // Quiet now: every client must reach the engine's head and hold exactly a fresh snapshot.
    await server.engine.catchUp();
    const diff = await eventually(() => {
      const fresh = new Map<string, ReturnType<typeof server.engine.snapshot>>();
      for (const c of clients) {
        if (!c.settled) return 'a subscription is still in flight';
        for (const scope of c.scopes) {
          if (!fresh.has(scope)) fresh.set(scope, server.engine.snapshot(scope));
          const d = differences(c.held.get(scope), fresh.get(scope)!);
          if (d.length > 0) return `client of ${c.scopes.join('+')}: ${scope}: ${d.join('; ')}`;
        }
      }
      return undefined;
    }, 15_000, 500);
    expect(diff).toBeUndefined();

    const total = (f: (c: ModelClient) => number): number => clients.reduce((a, c) => a + f(c), 0);
    // Every client came back with its position, and most were answered with the changes since.
    expect(total((c) => c.changes)).toBeGreaterThan(CLIENTS / 2);
    expect(clients.flatMap((c) => c.failures)).toEqual([]);
    expect(events.incidentIds.length).toBeGreaterThan(200);
    // The district's clients hold every incident reported.
    const wall = clients.find((c) => c.scopes.includes(district))!;
    expect(new Set(wall.held.get(district)!.incidents.map((i) => i.incidentId))).toEqual(new Set(events.incidentIds));
    console.log(`reconnect: ${events.incidentIds.length} incidents, ${total((c) => c.gaps)} gaps healed, ${total((c) => c.changes)} changes answers, ${total((c) => c.snapshots)} snapshots`);
  }, 60_000);
});
