/**
 * The projector's thread: it owns the read models' write connection and folds the pages the
 * engine posts, answering with what changed. Started by `WorkerProjector`; runs with tsx.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TerritoryLocator } from '@geo/locate';
import type { ProjectedEvent } from '../store/event-store';
import { openDatabase } from '../store/sqlite-database';
import { SqliteLogReader } from '../store/sqlite-log-reader';
import { TerritoryStore } from '../territory/territory-store';
import { buildingGridLookup } from '../territory/building-grid-lookup';
import { createPlacer } from './place';
import { Projector } from './projector';
import { ReadDb } from './read-db';

export interface ProjectorWorkerData {
  readModelFile: string;
  /** The embedded database holding the territory (scopes and buildings). */
  territoryFile: string;
  timeZone: string;
  /**
   * Set when the event log is the embedded one, in `territoryFile` (`STORE=sqlite`): pages then
   * come as positions (`applyRange`) and are read from the log here.
   */
  logInTerritoryFile?: boolean;
}

export type ToWorker =
  | { type: 'apply'; id: number; events: readonly ProjectedEvent[] }
  /** Events `fromSeq` to `toSeq` of the log, committed before the message was sent. */
  | { type: 'applyRange'; id: number; fromSeq: number; toSeq: number }
  | { type: 'close' };
export type FromWorker =
  | { type: 'applied'; id: number; scopes: string[]; orders: string[] }
  | { type: 'failed'; id: number; message: string }
  | { type: 'ready' };

const data = workerData as ProjectorWorkerData;
const territoryDb = openDatabase(data.territoryFile);
const territoryStore = new TerritoryStore(territoryDb);
const log = data.logInTerritoryFile ? new SqliteLogReader(territoryDb) : undefined;
const territory = territoryStore.load();
if (!territory) throw new Error('the projector found no territory');
const locator = new TerritoryLocator(territory);
const readDb = new ReadDb(data.readModelFile);
const projector = new Projector(
  readDb,
  createPlacer({
    locator,
    districtCode: territory.district.code,
    territoryBuildingGrid: buildingGridLookup(territoryStore),
  }),
  data.timeZone,
);
projector.preload();

/**
 * A checkpoint once no page has come for a moment: the WAL is copied back while nothing waits,
 * instead of inside a commit (the automatic one, at WAL_AUTOCHECKPOINT_PAGES, remains for
 * sustained bursts that leave no idle moment).
 */
const IDLE_CHECKPOINT_MS = 200;
let idleCheckpoint: ReturnType<typeof setTimeout> | undefined;

const port = parentPort!;
port.on('message', (msg: ToWorker) => {
  clearTimeout(idleCheckpoint);
  if (msg.type === 'close') {
    readDb.close();
    territoryDb.close();
    port.close();
    return;
  }
  try {
    const changes = projector.apply(msg.type === 'apply' ? msg.events : log!.range(msg.fromSeq, msg.toSeq));
    port.postMessage({ type: 'applied', id: msg.id, scopes: [...changes.scopes], orders: [...changes.orders] } satisfies FromWorker);
    idleCheckpoint = setTimeout(() => readDb.checkpoint(), IDLE_CHECKPOINT_MS);
  } catch (err) {
    port.postMessage({ type: 'failed', id: msg.id, message: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies FromWorker);
  }
});
port.postMessage({ type: 'ready' } satisfies FromWorker);
