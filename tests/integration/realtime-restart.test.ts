import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScopeSnapshot } from '../../server/protocol/index';
import { runCli, startServerProcess, stopServerProcess } from '../support/server-process';
import { freshSnapshot } from '../support/socket-client';
import { differences, eventually, ModelClient } from '../support/model-client';
import { inTinyScenario, LiveEvents, pace, postEvents } from '../support/live-events';

const DISTRICT = '320612';
const dataDir = mkdtempSync(join(tmpdir(), 'cc-restart-'));
const env = { ...process.env, DATA_DIR: dataDir, SCENARIO: 'tiny', MOCK: 'off', LOG_LEVEL: 'silent', HOST: '127.0.0.1', ADMIN_PASSWORD: 'restart-test-password' };
const children: ChildProcess[] = [];
const clients: ModelClient[] = [];
afterAll(async () => {
  for (const c of clients) c.close();
  for (const c of children) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function start(port: number): Promise<string> {
  const { child, url } = await startServerProcess({ ...env, PORT: String(port) });
  children.push(child);
  return url;
}

describe('kill -9 of the server while clients are connected', () => {
  it('clients heal from their lastSeq after the restart, and hold every incident acknowledged at ingest', async () => {
    let url = await start(0);
    const port = Number(new URL(url).port);
    const key = runCli(env, 'keys.ts', 'create', 'restart-test');
    const token = runCli(env, 'display-tokens.ts', 'create', 'restart-wall', '--scope', DISTRICT);
    const grids = (await (await fetch(`${url}/api/geo/scopes.geojson?level=grid`, { headers: { authorization: `Bearer ${token}` } })).json()) as { features: { properties: { code: string } }[] };
    for (let i = 0; i < 20; i++) {
      const scopes = i % 2 === 0 ? [DISTRICT] : [grids.features[i % grids.features.length]!.properties.code, DISTRICT];
      clients.push(new ModelClient(url, token, scopes, { reconnectionDelay: 100, reconnectionDelayMax: 500 }));
    }
    await Promise.all(clients.map((c) => c.connected()));

    const events = new LiveEvents(inTinyScenario, 11);
    // ~200 events/s; batches sent while the server is down fail and are not acknowledged.
    const flow = pace((batch) => postEvents(url, key, batch), events, 10, 50);
    await sleep(1500);
    const killed = new Promise((r) => children[0]!.once('exit', r));
    children[0]!.kill('SIGKILL');
    await killed;
    await sleep(300);
    expect(clients.filter((c) => c.socket.connected)).toHaveLength(0);
    url = await start(port);
    await sleep(1500);
    await flow.stop();
    expect(flow.failed()).toBeGreaterThan(0);
    expect(flow.acked.size).toBeGreaterThan(100);

    const fresh = new Map<string, ScopeSnapshot>();
    const diff = await eventually(async () => {
      fresh.clear();
      for (const c of clients) {
        if (!c.socket.connected || !c.settled) return 'a client is not back yet';
        for (const scope of c.scopes) {
          if (!fresh.has(scope)) fresh.set(scope, await freshSnapshot(url, token, scope));
          const d = differences(c.held.get(scope), fresh.get(scope)!);
          if (d.length > 0) return `${scope}: ${d.join('; ')}`;
        }
      }
      return undefined;
    }, 20_000, 500);
    expect(diff).toBeUndefined();
    // Every incident acknowledged at ingest, before or after the kill, is on every wall.
    for (const c of clients) {
      const held = new Set(c.held.get(DISTRICT)!.incidents.map((i) => i.incidentId));
      const missing = [...flow.acked].filter((id) => !held.has(id));
      expect(missing).toEqual([]);
    }
    // They came back with their position and were answered with the changes since.
    for (const c of clients) expect(c.changes).toBeGreaterThanOrEqual(c.scopes.length);
    await stopServerProcess(children.at(-1)!);
  }, 60_000);
});
