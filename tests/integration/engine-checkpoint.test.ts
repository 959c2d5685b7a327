import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../server/aggregate/create-engine';
import { ReadDb } from '../../server/projections/read-db';
import type { LoadedTerritory } from '../../server/territory/load-territory';
import type { Clock } from '../../server/clock';
import { ManualClock } from '../../server/clock';
import { openDatabase } from '../../server/store/sqlite-database';
import { SqliteEventStore } from '../../server/store/sqlite-event-store';
import type { EventStore, NewEvent } from '../../server/store/event-store';
import { loadTerritory } from '../../server/territory/load-territory';
import { TerritoryStore } from '../../server/territory/territory-store';
import { seededRandom } from '../../geo/random';
import { nearBuildings } from '../../mock/place-sampler';

const dir = mkdtempSync(join(tmpdir(), 'cc-engine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('engine checkpoints', () => {
  it('restoring a checkpoint and replaying the tail gives exactly the state of a full replay', async () => {
    const db = openDatabase(join(dir, 'db.sqlite'));
    const store = new SqliteEventStore(db);
    const territory = loadTerritory(new TerritoryStore(db), 'tiny', pino({ level: 'silent' }));
    const clock = new ManualClock(Date.parse('2026-11-23T15:00:00+08:00'));
    const random = seededRandom(5);
    const place = nearBuildings(territory.buildings);
    let n = 0;
    const batch = (count: number, from: string): NewEvent[] =>
      Array.from({ length: count }, () => {
        n++;
        const t = Date.parse(from) + Math.floor(random() * 36e5 * 20);
        return {
          id: `e${n}`,
          type: 'incident.reported',
          occurredAt: new Date(t).toISOString(),
          data: { incidentId: `I${n}`, category: 'garbage', source: 'grid', location: place(random), severity: 1 + Math.floor(random() * 4), description: '' },
          hash: `h${n}`,
        };
      });

    await store.append(batch(400, '2026-11-21T20:00:00+08:00'));
    const first = engineOver(store, territory, clock, new ReadDb(':memory:'));
    await first.start();
    await first.checkpoint();
    await store.append(batch(300, '2026-11-22T12:00:00+08:00'));
    // The day turns between the checkpoint and the restart.
    clock.set(Date.parse('2026-11-24T01:00:00+08:00'));
    await store.append(batch(200, '2026-11-23T10:00:00+08:00'));

    const restored = engineOver(store, territory, clock, new ReadDb(':memory:'));
    await restored.start();
    const noCheckpoint: EventStore = Object.assign(Object.create(store) as EventStore, { loadCheckpoint: () => Promise.resolve(undefined) });
    const replayed = engineOver(noCheckpoint, territory, clock, new ReadDb(':memory:'));
    await replayed.start();

    expect(restored.seq).toBe(900);
    expect(replayed.seq).toBe(900);
    for (const scope of territory.territory.scopes) {
      expect(restored.snapshot(scope.code), scope.code).toEqual(replayed.snapshot(scope.code));
    }
    expect(restored.snapshot(territory.territory.district.code).hourly.yesterday.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    db.close();
  });
});

function engineOver(store: EventStore, territory: LoadedTerritory, clock: Clock, readDb: ReadDb) {
  return createEngine({ store, territory, buildingGrid: () => undefined, readDb, logIdentity: 'test', clock, timeZone: 'Asia/Shanghai' }).engine;
}
