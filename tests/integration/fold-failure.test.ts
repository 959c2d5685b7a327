import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../server/aggregate/create-engine';
import { ManualClock } from '../../server/clock';
import { ReadDb } from '../../server/projections/read-db';
import { openDatabase } from '../../server/store/sqlite-database';
import { SqliteEventStore } from '../../server/store/sqlite-event-store';
import { loadTerritory } from '../../server/territory/load-territory';
import { TerritoryStore } from '../../server/territory/territory-store';
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

describe('a fold that fails for a while', () => {
  it('is reported until the engine has caught up with the log again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-fold-failure-'));
    try {
      const db = openDatabase(join(dir, 'log.sqlite'));
      const store = new SqliteEventStore(db);
      const territory = loadTerritory(new TerritoryStore(db), 'tiny', pino({ level: 'silent' }));
      const readDb = new ReadDb(join(dir, 'read.sqlite'));
      const { engine } = createEngine({ store, territory, buildingGrid: () => undefined, readDb, logIdentity: 'test', clock: new ManualClock(Date.now()), timeZone: 'Asia/Shanghai' });
      await engine.start();
      expect(engine.foldTrouble()).toBeUndefined();

      // Another connection holds the read models' write lock: the page cannot be committed.
      const blocker = new Database(join(dir, 'read.sqlite'));
      blocker.exec('BEGIN IMMEDIATE');
      const appended = await store.append([
        {
          id: 'e1',
          type: 'incident.reported',
          occurredAt: new Date().toISOString(),
          data: { incidentId: 'I1', category: 'garbage', source: 'grid', location: [121.05, 32.05], severity: 1, description: '' },
          hash: 'h1',
        },
      ]);
      if (!appended.ok) throw new Error('append refused');
      await expect(engine.feed(appended.accepted)).rejects.toThrow(/locked|busy/i);
      expect(engine.foldTrouble()).toMatch(/^folding failed/);
      expect(engine.seq).toBe(0);

      // The lock goes; the next catch-up folds the page from the log and the trouble is over.
      blocker.exec('ROLLBACK');
      blocker.close();
      await engine.catchUp();
      expect(engine.seq).toBe(appended.lastSeq);
      expect(engine.foldTrouble()).toBeUndefined();
      readDb.close();
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
