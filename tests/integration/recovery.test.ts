import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { IncidentReportedEvent } from '../../server/protocol/index';
import { createEngine } from '../../server/aggregate/create-engine';
import { ReadDb } from '../../server/projections/read-db';
import { systemClock } from '../../server/clock';
import { openDatabase } from '../../server/store/sqlite-database';
import { SqliteEventStore } from '../../server/store/sqlite-event-store';
import type { EventStore } from '../../server/store/event-store';
import { loadTerritory } from '../../server/territory/load-territory';
import { TerritoryStore } from '../../server/territory/territory-store';
import { connectClient, subscribe } from '../support/socket-client';
import { runCli, startServerProcess, stopServerProcess } from '../support/server-process';

const dataDir = mkdtempSync(join(tmpdir(), 'cc-recovery-'));
const env = { ...process.env, DATA_DIR: dataDir, SCENARIO: 'tiny', MOCK: 'off', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD: 'recovery-test-password' };
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const cli = (script: string, ...args: string[]): string => runCli(env, script, ...args);
async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const server = await startServerProcess(env);
  children.push(server.child);
  return server;
}

let n = 0;
function incidents(count: number): IncidentReportedEvent[] {
  return Array.from({ length: count }, () => {
    n++;
    return {
      id: `rec-${n}`,
      type: 'incident.reported',
      occurredAt: new Date().toISOString(),
      data: { incidentId: `R${n}`, category: 'garbage', source: 'grid', location: [121.05 + (n % 97) * 1e-4, 32.06], severity: 1, description: '' },
    };
  });
}

/** Sends batches from `senders` loops until `stop()`; returns the ids the server acknowledged. */
function flood(url: string, key: string, senders = 4): { stop(): Promise<Set<string>> } {
  const acked = new Set<string>();
  let running = true;
  const loops = Array.from({ length: senders }, async () => {
    while (running) {
      const events = incidents(20);
      try {
        const res = await fetch(`${url}/api/ingest/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ events }),
        });
        if (res.ok) for (const e of events) acked.add(e.id);
      } catch {
        return; // the server went away mid-request: that batch was not acknowledged
      }
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return acked;
    },
  };
}

describe('recovery after kill -9', () => {
  it('keeps every acknowledged event exactly once, and rebuilds the same counts as a full replay', async () => {
    const key = cli('keys.ts', 'create', 'recovery-test');

    // A graceful stop first, so the next start restores a checkpoint and replays the tail.
    let server = await startServer();
    let f = flood(server.url, key);
    await new Promise((r) => setTimeout(r, 600));
    const acked = await f.stop();
    await stopServerProcess(server.child);

    server = await startServer();
    f = flood(server.url, key);
    await new Promise((r) => setTimeout(r, 800));
    const killed = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGKILL');
    for (const id of await f.stop()) acked.add(id);
    await killed;
    expect(acked.size).toBeGreaterThan(100);

    // Every acknowledged event is in the log exactly once, and the log has no gap.
    const db = new Database(join(dataDir, 'command-center.sqlite'), { readonly: true });
    const ids = new Set((db.prepare('SELECT id FROM events').all() as { id: string }[]).map((r) => r.id));
    const { count, max } = db.prepare('SELECT COUNT(*) AS count, MAX(seq) AS max FROM events').get() as { count: number; max: number };
    db.close();
    for (const id of acked) expect(ids.has(id), id).toBe(true);
    expect(count).toBe(max);

    // The restarted server's state equals a full replay of the log.
    server = await startServer();
    const token = cli('display-tokens.ts', 'create', 'recovery-wall', '--scope', '320612');
    const socket = await connectClient({ url: server.url, token });
    const snap = await subscribe(socket, '320612');
    socket.disconnect();
    await stopServerProcess(server.child);
    expect(snap.ok).toBe(true);
    if (!snap.ok) return;

    const rdb = openDatabase(join(dataDir, 'command-center.sqlite'));
    const store = new SqliteEventStore(rdb);
    const noCheckpoint: EventStore = Object.assign(Object.create(store) as EventStore, { loadCheckpoint: () => Promise.resolve(undefined) });
    const territoryStore = new TerritoryStore(rdb);
    const replay = createEngine({
      store: noCheckpoint,
      territory: loadTerritory(territoryStore, 'tiny', pino({ level: 'silent' })),
      buildingGrid: (id) => territoryStore.buildingGrid(id),
      readDb: new ReadDb(':memory:'),
      logIdentity: 'replay',
      clock: systemClock,
      timeZone: 'Asia/Shanghai',
    }).engine;
    await replay.start();
    const fresh = replay.snapshot('320612');
    rdb.close();
    expect(snap.data.seq).toBe(count);
    expect(snap.data.kpis).toEqual(fresh.kpis);
    expect(snap.data.hourly).toEqual(fresh.hourly);
    expect(snap.data.incidents.map((i) => i.incidentId)).toEqual(fresh.incidents.map((i) => i.incidentId));
    expect(snap.data.kpis.reported).toBe(count);
  }, 90_000);
});
