import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, applyMapPatch, type IncidentReportedEvent, type IngestEvent, type ScopeDelta } from '../../server/protocol/index';
import { httpIngestClient } from '../../mock/ingest-client';
import { nearBuildings } from '../../mock/place-sampler';
import { startIncidentSimulator } from '../../mock/incident-simulator';
import { seededRandom } from '../../geo/random';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { connectClient, subscribe, waitFor, type TestSocket } from '../support/socket-client';

const DISTRICT = '320612';
let running: RunningTestServer | undefined;
const sockets: TestSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await running?.stop();
  running = undefined;
});

async function client(): Promise<TestSocket> {
  const s = await connectClient(running!);
  sockets.push(s);
  return s;
}

describe('one event from the simulator to a subscribed client', () => {
  it('sends a snapshot, then chained deltas carrying every incident the simulator got acknowledged and the map\'s changes', async () => {
    running = await startTestServer({ config: { DELTA_WINDOW_MS: 50 } });
    const socket = await client();
    const deltas: ScopeDelta[] = [];
    socket.on('scope:delta', (d) => deltas.push(d));

    const first = await subscribe(socket, DISTRICT);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.data).toMatchObject({ scope: DISTRICT, seq: 0, kpis: { reported: 0 }, incidents: [] });

    const sent: IncidentReportedEvent[] = [];
    const send = httpIngestClient(running.url, running.apiKey);
    const sim = startIncidentSimulator({
      place: nearBuildings(running.server.territory.buildings),
      rate: 200,
      tickMs: 20,
      random: seededRandom(7),
      send: (events) => {
        sent.push(...events);
        return send(events);
      },
    });
    await new Promise((r) => setTimeout(r, 600));
    await sim.stop();
    expect(sim.sent).toBeGreaterThan(20);

    // The last delta reaches the end of the log.
    const lastSeq = await running.server.store.lastSeq();
    await waitFor(socket, 'scope:delta', (d) => (d.seq === lastSeq ? d : undefined)).catch(() => undefined);
    expect(deltas.at(-1)?.seq).toBe(lastSeq);

    // Each delta follows the previous one, starting at the snapshot.
    let seq = first.data.seq;
    for (const d of deltas) {
      expect(d.prevSeq).toBe(seq);
      seq = d.seq;
    }
    const added = deltas.flatMap((d) => d.incidents?.added ?? []).map((i) => i.incidentId);
    const expectedIds = sent.map((e) => e.data.incidentId);
    expect(added).toEqual(expectedIds);
    expect(deltas.at(-1)?.kpis?.reported).toBe(sent.length);
    expect(deltas.at(-1)?.hourly?.today.reduce((a, b) => a + b, 0)).toBe(sent.length);

    // The map comes as changes: the snapshot's map, patched by every delta in turn.
    expect(deltas.some((d) => d.map)).toBe(false);
    expect(deltas.some((d) => d.mapPatch && d.mapPatch.grids.length > 0)).toBe(true);
    const map = deltas.reduce((m, d) => (d.mapPatch ? applyMapPatch(m, d.mapPatch) : m), first.data.map);
    expect(map.grids.reduce((a, g) => a + g.reported, 0)).toBe(sent.length);

    // A late subscriber's snapshot holds the same incidents, and the same map.
    const late = await subscribe(await client(), DISTRICT);
    expect(late.ok && late.data.incidents.map((i) => i.incidentId)).toEqual(expectedIds);
    expect(late.ok && late.data.seq).toBe(lastSeq);
    expect(late.ok && late.data.map).toEqual(map);
  });

  it('pushes severe incidents at once as incident:reported', async () => {
    running = await startTestServer({ config: { DELTA_WINDOW_MS: 2000 } });
    const socket = await client();
    await subscribe(socket, DISTRICT);
    const got = waitFor(socket, 'incident:reported', (p) => p, 1500);
    await httpIngestClient(running.url, running.apiKey)([incident('urgent-1', 4)]);
    // Placed by its location in the tiny territory's deepest scope (a micro-grid, 17 digits).
    expect(await got).toMatchObject({ incidentId: 'urgent-1', severity: 4, scope: expect.stringMatching(/^320612\d{11}$/) });
  });

  it('keeps accepted incidents across a restart', async () => {
    running = await startTestServer();
    await httpIngestClient(running.url, running.apiKey)([incident('a', 1), incident('b', 2)]);
    const dataDir = running.dataDir;
    await running.stop({ keepData: true });
    running = await startTestServer({ dataDir });
    const snap = await subscribe(await client(), DISTRICT);
    expect(snap.ok && snap.data.incidents.map((i) => i.incidentId)).toEqual(['a', 'b']);
    expect(snap.ok && snap.data.kpis.reported).toBe(2);
  });

  it('tells a client of another protocol version to reload', async () => {
    running = await startTestServer();
    const { io } = await import('socket.io-client');
    const socket = io(running.url, { auth: { token: running.token, protocol: 999 }, transports: ['websocket'], reconnection: false, forceNew: true });
    const error = await new Promise<{ expected: number }>((resolve) => socket.on('protocol:error', resolve));
    expect(error.expected).toBe(PROTOCOL_VERSION);
    socket.disconnect();
  });

  it('sends an empty delta to a quiet scope within 5 s', async () => {
    running = await startTestServer({ config: { DELTA_WINDOW_MS: 100 } });
    const socket = await client();
    const snap = await subscribe(socket, DISTRICT);
    const beat = await waitFor(socket, 'scope:delta', (d) => d, 6000);
    expect(beat).toMatchObject({ scope: DISTRICT, prevSeq: snap.ok ? snap.data.seq : -1 });
    expect(beat.incidents).toBeUndefined();
  }, 10_000);

  it('refuses to subscribe to an unknown scope', async () => {
    running = await startTestServer();
    expect(await subscribe(await client(), '999999')).toEqual({ ok: false, error: 'unknown scope 999999' });
  });
});

function incident(id: string, severity: number): IngestEvent {
  return {
    id: `evt-${id}`,
    type: 'incident.reported',
    occurredAt: new Date().toISOString(),
    data: { incidentId: id, category: 'fire-hazard', source: 'grid', location: [121.05, 32.05], severity, description: 'test' },
  };
}
