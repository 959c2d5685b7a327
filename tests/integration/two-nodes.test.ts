import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock';
import { createPgPool } from '../../server/store/postgres/pg-pool';
import { TEST_DATABASE_URL } from './stores/backends';
import { runCli, startServerProcess, stopServerProcess } from '../support/server-process';
import { connectClient, freshSnapshot } from '../support/socket-client';
import { differences, eventually, ModelClient } from '../support/model-client';
import { inTinyScenario, LiveEvents, pace, postEvents } from '../support/live-events';
import { startTestServer, type RunningTestServer } from '../support/test-server';
import { at, incident, ingest, move } from '../support/kpi-fixture';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DISTRICT = '320612';
const schema = `test_${randomBytes(6).toString('hex')}`;
const DATABASE_URL = `${TEST_DATABASE_URL}${TEST_DATABASE_URL.includes('?') ? '&' : '?'}schema=${schema}`;
const dirs: string[] = [];
const children: ChildProcess[] = [];
const clients: ModelClient[] = [];
const inProcess: RunningTestServer[] = [];
/** The two server processes' URLs (started by the first test). */
const nodes: { a?: string; b?: string } = {};

afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all(children.map((c) => stopServerProcess(c)));
  for (const s of inProcess) await s.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  const admin = createPgPool(TEST_DATABASE_URL);
  try {
    await admin.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await admin.pool.end();
  }
});

/** A node's environment: the shared log and Redis, its own data directory and port. */
function nodeEnv(): NodeJS.ProcessEnv {
  const dataDir = mkdtempSync(join(tmpdir(), 'cc-node-'));
  dirs.push(dataDir);
  return { ...process.env, STORE: 'postgres', DATABASE_URL, REDIS_URL, DATA_DIR: dataDir, SCENARIO: 'tiny', MOCK: 'off', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD: 'two-nodes-password' };
}

async function startNode(env: NodeJS.ProcessEnv): Promise<string> {
  const { child, url } = await startServerProcess(env);
  children.push(child);
  return url;
}

describe('two nodes sharing a PostgreSQL log and a Redis', () => {
  it('a client on node B receives every change ingested on node A, chained, and ends equal to A', async () => {
    const envA = nodeEnv();
    const a = await startNode(envA); // A first: it creates the schema
    const b = await startNode(nodeEnv());
    Object.assign(nodes, { a, b });
    const key = runCli(envA, 'keys.ts', 'create', 'two-nodes');
    const token = runCli(envA, 'display-tokens.ts', 'create', 'two-nodes-wall', '--scope', DISTRICT);
    const grid = (await (await fetch(`${b}/api/geo/scopes.geojson?level=grid`, { headers: { authorization: `Bearer ${token}` } })).json()) as { features: { properties: { code: string } }[] };
    const scopes = [DISTRICT, grid.features[0]!.properties.code];

    const onB = new ModelClient(b, token, scopes);
    clients.push(onB);
    await onB.connected();
    expect(await eventually(() => (onB.settled ? undefined : 'subscribing'), 5000)).toBeUndefined();

    const events = new LiveEvents(inTinyScenario, 3);
    const flow = pace((batch) => postEvents(a, key, batch), events, 5, 100);
    await new Promise((r) => setTimeout(r, 3000));
    await flow.stop();
    expect(flow.failed()).toBe(0);

    const diff = await eventually(async () => {
      for (const scope of scopes) {
        const d = differences(onB.held.get(scope), await freshSnapshot(a, token, scope));
        if (d.length > 0) return `${scope}: ${d.join('; ')}`;
      }
      return undefined;
    }, 15_000, 500);
    expect(diff).toBeUndefined();
    // One chain per scope, followed from the first snapshot without a gap or a resubscription.
    expect(onB.gaps).toBe(0);
    expect(onB.snapshots).toBe(scopes.length);
    expect(onB.changes).toBe(0);
    for (const scope of scopes) {
      const deltas = onB.received.get(scope)!;
      for (let i = 1; i < deltas.length; i++) expect(deltas[i]!.prevSeq).toBe(deltas[i - 1]!.seq);
    }
    const added = onB.received.get(DISTRICT)!.flatMap((d) => d.incidents?.added ?? []).map((i) => i.incidentId);
    expect(added).toEqual(events.incidentIds);
    // B heard of A's appends through Redis (not only through its periodic read of the log).
    const login = await fetch(`${b}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'two-nodes-password' }) });
    const admin = ((await login.json()) as { token: string }).token;
    const metrics = (await (await fetch(`${b}/api/metrics`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { clusterMessages: number };
    expect(metrics.clusterMessages).toBeGreaterThanOrEqual(25);
  }, 60_000);

  it('a display token revoked through node A drops its socket on node B within 5 s', async () => {
    const { a, b } = nodes;
    if (!a || !b) throw new Error('the nodes did not start');
    const login = await fetch(`${a}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'two-nodes-password' }) });
    const admin = ((await login.json()) as { token: string }).token;
    const auth = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
    const created = (await (await fetch(`${a}/api/display-tokens`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'to-revoke', scope: DISTRICT }) })).json()) as { id: number; token: string };
    const socket = await connectClient({ url: b, token: created.token });
    const dropped = new Promise<number>((resolve) => socket.once('disconnect', () => resolve(Date.now())));
    const t0 = Date.now();
    expect((await fetch(`${a}/api/display-tokens/${created.id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
    const ms = (await Promise.race([dropped, new Promise<number>((r) => setTimeout(() => r(Infinity), 5000))])) - t0;
    expect(ms).toBeLessThan(5000);
    socket.disconnect();
  }, 20_000);
});

describe('reminders written by two nodes at once', () => {
  it('are one event in the log: the second write is a harmless duplicate', async () => {
    const clock = new ManualClock(Date.parse(at('08:00')));
    const config = { STORE: 'postgres' as const, DATABASE_URL, REDIS_URL };
    const one = await startTestServer({ clock, config });
    inProcess.push(one);
    const two = await startTestServer({ clock, config });
    inProcess.push(two);
    await ingest(one, [incident('RN1', '07:50'), move('WORN', 'RN1', 'dispatched', '08:00')]);
    await two.server.engine.catchUp();
    clock.set(Date.parse(at('17:36'))); // at risk from 17:36 (see reminders.test.ts)
    const written = await Promise.all([one.server.reminders.tick(), two.server.reminders.tick()]);
    expect(written.reduce((x, y) => x + y, 0)).toBe(1);
    const log = await one.server.store.readAfter(0, 100_000);
    expect(log.filter((e) => e.type === 'workorder.reminded' && e.id.includes('WORN'))).toHaveLength(1);
  }, 30_000);
});
