import { afterEach, describe, expect, it } from 'vitest';
import type { ScopeChanges, ScopeSnapshot } from '../../server/protocol/index';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { connectClient, resubscribe, subscribe, type TestSocket } from '../support/socket-client';
import { incident, ingest } from '../support/kpi-fixture';

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

const now = (): string => new Date().toISOString();

describe('healing a gap from the durable log', () => {
  it('answers a client that fell behind with the changes since its lastSeq, continuing its chain', async () => {
    running = await startTestServer();
    await ingest(running, [incident('H1', now()), incident('H2', now())]);
    const first = await subscribe(await client(), DISTRICT);
    if (!first.ok) throw new Error(first.error);
    const before: ScopeSnapshot = first.data;

    // The client is away while three incidents arrive.
    await ingest(running, [incident('H3', now()), incident('H4', now()), incident('H5', now())]);
    const back = await resubscribe(await client(), DISTRICT, before.seq, before.hourly.day);
    if (!back.ok) throw new Error(back.error);
    const changes = back.data as ScopeChanges;
    expect(changes.kind).toBe('changes');
    expect(changes.prevSeq).toBe(before.seq);
    expect(changes.incidents?.added.map((i) => i.incidentId)).toEqual(['H3', 'H4', 'H5']);
    expect(changes.kpis?.reported).toBe(5);

    // Applying the changes to the old state gives exactly a fresh snapshot's incidents.
    const fresh = await subscribe(await client(), DISTRICT);
    if (!fresh.ok) throw new Error(fresh.error);
    expect([...before.incidents, ...(changes.incidents?.added ?? [])]).toEqual(fresh.data.incidents);
    expect(changes.seq).toBe(fresh.data.seq);
  });

  it('sends a snapshot instead when the client holds another day', async () => {
    running = await startTestServer();
    await ingest(running, [incident('D1', now())]);
    const snap = await subscribe(await client(), DISTRICT);
    if (!snap.ok) throw new Error(snap.error);
    const back = await resubscribe(await client(), DISTRICT, snap.data.seq, '2020-01-01');
    expect(back.ok && (back.data as { kind?: string }).kind).not.toBe('changes');
    expect(back.ok && (back.data as ScopeSnapshot).incidents.map((i) => i.incidentId)).toEqual(['D1']);
  });

  it('heals from lastSeq after a server restart', async () => {
    running = await startTestServer();
    await ingest(running, [incident('R1', now())]);
    const snap = await subscribe(await client(), DISTRICT);
    if (!snap.ok) throw new Error(snap.error);
    const dataDir = running.dataDir;
    for (const s of sockets.splice(0)) s.disconnect();
    await running.stop({ keepData: true });
    running = await startTestServer({ dataDir });
    await ingest(running, [incident('R2', now())]);
    const back = await resubscribe(await client(), DISTRICT, snap.data.seq, snap.data.hourly.day);
    if (!back.ok) throw new Error(back.error);
    expect((back.data as ScopeChanges).kind).toBe('changes');
    expect((back.data as ScopeChanges).incidents?.added.map((i) => i.incidentId)).toEqual(['R2']);
  });
});
