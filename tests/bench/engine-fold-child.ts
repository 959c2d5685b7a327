import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import pino from 'pino';
import { ManualClock } from '../../server/clock';
import { createEngine } from '../../server/aggregate/create-engine';
import { ReadDb } from '../../server/projections/read-db';
import { WorkerProjector } from '../../server/projections/worker-projector';
import { openDatabase } from '../../server/store/sqlite-database';
import { SqliteEventStore } from '../../server/store/sqlite-event-store';
import { loadTerritory } from '../../server/territory/load-territory';
import { TerritoryStore } from '../../server/territory/territory-store';
import { buildingGridLookup } from '../../server/territory/building-grid-lookup';
import type { StoredEvent } from '../../server/store/event-store';
import { splitCpuMs, threadsCpuNs } from './thread-cpu';

/**
 * The engine bench's folds, in a process of their own (started by engine.bench.ts once the city
 * and its log are written to `dir`): the territory is read from the store as a server reads it,
 * so the generator's and the simulator's garbage do not weigh on the measured collections.
 * Prints a JSON `FoldFigures` on stdout.
 */
export interface FoldFigures {
  /** Events folded and measured (the registers before them are folded first, not measured). */
  events: number;
  lookupMs: number;
  /** µs per event of each batch of 500, folded in this thread. */
  perBatch: number[];
  /**
   * On-CPU time while the batches were folded (where the system tells it), ms: this thread, and
   * the process's other threads together (the collector's helpers, the compiler's, the log's).
   * Totals, not per batch: a running thread's count is brought up to date at the scheduler's
   * ticks (4 ms), a third of a batch.
   */
  batchCpu?: { ownMs: number; othersMs: number };
  /**
   * The same log replayed by the server's arrangement (projector thread): event loops' active
   * time of both threads, and (where the system tells it) each thread's time on a core.
   */
  worker: { readyMs: number; wallMs: number; mainActiveMs: number; threadActiveMs: number; cpu?: { mainMs: number; projectorMs: number; restMs: number } };
}

const dir = process.argv[2]!;
const end = Number(process.argv[3]);
/** The log's first events are the registers (cameras, staff, rental buildings, key persons). */
const registered = Number(process.argv[4]);
const db = openDatabase(join(dir, 'log.sqlite'));
const store = new SqliteEventStore(db);
const territoryStore = new TerritoryStore(db);
const territory = loadTerritory(territoryStore, 'city', pino({ level: 'silent' }));
const logged: StoredEvent[] = await store.readAfter(0, 10_000_000);
const registers = logged.slice(0, registered);
const events = logged.slice(registered);
const clock = new ManualClock(end);

const readDb = new ReadDb(join(dir, 'read.sqlite'));
const l0 = performance.now();
const buildingGrid = buildingGridLookup(territoryStore);
const lookupMs = performance.now() - l0;
const { engine } = createEngine({ store: emptyLog(store), territory, buildingGrid, readDb, logIdentity: 'bench', clock, timeZone: 'Asia/Shanghai' });
await engine.start();
// A server folds the statuses, patrols and people of registered cameras, buildings and persons.
await feedInPages(engine, registers);
const perBatch: number[] = [];
const batchThreads0 = threadsCpuNs();
for (let i = 0; i < events.length; i += 500) {
  const page = events.slice(i, i + 500);
  const t = performance.now();
  await engine.feed(page);
  perBatch.push(((performance.now() - t) * 1000) / page.length);
}
const batchThreads1 = threadsCpuNs();
const batchSplit = batchThreads0 && batchThreads1 ? splitCpuMs(batchThreads0, batchThreads1) : undefined;
const batchCpu = batchSplit && { ownMs: batchSplit.mainMs, othersMs: batchSplit.busiestMs + batchSplit.restMs };
readDb.close();

// The same log as the server folds it: in the projector's thread, replayed from the registers'
// end. What the main thread (ingest, sockets) spends is its event loop's active time; what
// folding costs is the projector thread's.
const readDb2 = new ReadDb(join(dir, 'read2.sqlite'));
const pre = createEngine({ store: emptyLog(store), territory, buildingGrid, readDb: readDb2, logIdentity: 'bench-worker', clock, timeZone: 'Asia/Shanghai' });
await pre.engine.start();
await feedInPages(pre.engine, registers);
// As a server that ran before: the live lists' checkpoint is at the registers' end too, so the
// main thread does not read them again to rebuild today's incidents.
await pre.engine.checkpoint();
const r0 = performance.now();
const worker = createEngine({
  store,
  territory,
  readDb: readDb2,
  logIdentity: 'bench-worker',
  clock,
  timeZone: 'Asia/Shanghai',
  worker: { readModelFile: join(dir, 'read2.sqlite'), territoryFile: join(dir, 'log.sqlite'), logInTerritoryFile: true },
});
if (!(worker.projector instanceof WorkerProjector)) throw new Error('expected the projector thread');
// The thread is up once an empty page comes back: territory read, buildings' grid lookup built.
await worker.projector.apply([]);
const readyMs = performance.now() - r0;
const elu0 = performance.eventLoopUtilization();
const t0 = worker.projector.threadUtilization();
const threads0 = threadsCpuNs();
const w0 = performance.now();
await worker.engine.start();
const wallMs = performance.now() - w0;
const threads1 = threadsCpuNs();
const elu = performance.eventLoopUtilization(elu0);
const threadActiveMs = worker.projector.threadUtilization().active - t0.active;
// The projector's thread is the one of the others that ran most during the replay.
const split = threads0 && threads1 ? splitCpuMs(threads0, threads1) : undefined;
const cpu = split && { mainMs: split.mainMs, projectorMs: split.busiestMs, restMs: split.restMs };
await worker.projector.close();
readDb2.close();
const figures: FoldFigures = { events: events.length, lookupMs, perBatch, batchCpu, worker: { readyMs, wallMs, mainActiveMs: elu.active, threadActiveMs, cpu } };
console.log(JSON.stringify(figures));
process.exit(0);

async function feedInPages(e: { feed(events: StoredEvent[]): Promise<unknown> }, list: StoredEvent[]): Promise<void> {
  for (let i = 0; i < list.length; i += 500) await e.feed(list.slice(i, i + 500));
}

/** The log as the in-thread engine starts on it: empty, so that `start()` replays nothing and the batches are fed. */
function emptyLog(log: SqliteEventStore): SqliteEventStore {
  return Object.assign(Object.create(log) as SqliteEventStore, { readAfter: () => Promise.resolve([]) });
}
