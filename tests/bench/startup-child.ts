import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createServer } from '../../server/app';
import { defaultConfig } from '../../server/config';
import { openDatabase, databaseFile } from '../../server/store/sqlite-database';
import { SqliteEventStore } from '../../server/store/sqlite-event-store';
import type { NewEvent } from '../../server/store/event-store';
import { seededRandom } from '../../geo/random';

/**
 * Seeds a log of N incident events straight into the store (a year of them, spread over the
 * tiny territory), lets a server write its checkpoint, appends a tail, then times a cold start
 * with the checkpoint and one without. Prints JSON.
 */
const total = Number(process.argv[2] ?? 10_000_000);
const tail = 10_000;
const dir = mkdtempSync(join(tmpdir(), 'cc-startup-'));
const logger = pino({ level: 'silent' });
try {
  const random = seededRandom(3);
  const db = openDatabase(databaseFile(dir));
  const store = new SqliteEventStore(db);
  const now = Date.now();
  let n = 0;
  const batch = (count: number, spreadMs: number): NewEvent[] =>
    Array.from({ length: count }, () => {
      n++;
      return {
        id: `seed-${n}`,
        type: 'incident.reported',
        occurredAt: new Date(now - Math.floor(random() * spreadMs)).toISOString(),
        data: { incidentId: `S${n}`, category: 'garbage', source: 'grid', location: [121.04 + random() * 0.03, 32.05 + random() * 0.02], severity: 1, description: '生活垃圾两天未清运' },
        hash: `h${n}`,
      };
    });
  const t0 = performance.now();
  while (n < total - tail) await store.append(batch(Math.min(20_000, total - tail - n), 365 * 864e5));
  const seedS = (performance.now() - t0) / 1000;
  db.close();

  const config = defaultConfig({ DATA_DIR: dir, SCENARIO: 'tiny', MOCK: 'off' });
  // First start: a full replay, then the checkpoint written at close.
  let t = performance.now();
  const first = await createServer({ config, logger });
  const fullReplayS = (performance.now() - t) / 1000;
  await first.close();

  const db2 = openDatabase(databaseFile(dir));
  await new SqliteEventStore(db2).append(batch(tail, 864e5));
  db2.close();
  t = performance.now();
  const second = await createServer({ config, logger });
  const startS = (performance.now() - t) / 1000;
  if (second.engine.seq !== total) throw new Error(`expected seq ${total}, got ${second.engine.seq}`);
  await second.close();
  const bytes = statSync(databaseFile(dir)).size;
  console.log(JSON.stringify({ seedS, bytes, startS, fullReplayS, tail }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
