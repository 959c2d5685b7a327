import type { Logger } from 'pino';
import type { Clock } from '../clock';
import type { EventStore } from '../store/event-store';
import type { LoadedTerritory } from '../territory/load-territory';
import { createPlacer } from '../projections/place';
import { Projector } from '../projections/projector';
import { InlineProjector, type ProjectorPort } from '../projections/projector-port';
import { WorkerProjector } from '../projections/worker-projector';
import type { ProjectorWorkerData } from '../projections/projector-worker';
import type { ReadDb } from '../projections/read-db';
import { ensureProjectionSchema, projectedSeq } from '../projections/schema';
import { Engine } from './engine';

/**
 * The engine over a log, a territory and a read-model database: the read models are created (or
 * rebuilt, when their version or their log changed) and the projector placed in the territory.
 * Call `start()` on the result before serving.
 */
export function createEngine(deps: {
  store: EventStore;
  territory: LoadedTerritory;
  readDb: ReadDb;
  /** Identifies the log the read models are folded from (see `ensureProjectionSchema`). */
  logIdentity: string;
  clock: Clock;
  timeZone: string;
  logger?: Logger;
} & (
  | {
      /**
       * Fold in a worker thread (the server: ingest never waits on folding). It needs the read
       * models and the territory in files: `{ readModelFile, territoryFile }`, and `logInTerritoryFile`
       * when the log is the embedded one in that file (the thread then reads the events itself).
       * The thread places buildings with a lookup of its own.
       */
      worker: Omit<ProjectorWorkerData, 'timeZone'>;
    }
  | {
      /** Without a worker the projector runs in this thread (tests, in-memory models). */
      worker?: undefined;
      /** The grid of a building of the territory, by id. */
      buildingGrid(id: string): string | undefined;
    }
)): { engine: Engine; projector: ProjectorPort } {
  const { rebuilt } = ensureProjectionSchema(deps.readDb, deps.logIdentity);
  if (rebuilt) deps.logger?.info('read models are (re)built from the event log');
  const projector: ProjectorPort = deps.worker
    ? new WorkerProjector({ ...deps.worker, timeZone: deps.timeZone }, deps.readDb)
    : new InlineProjector(
        new Projector(
          deps.readDb,
          createPlacer({
            locator: deps.territory.locator,
            districtCode: deps.territory.territory.district.code,
            territoryBuildingGrid: deps.buildingGrid,
          }),
          deps.timeZone,
        ),
      );
  const engine = new Engine(deps.store, deps.territory, deps.clock, deps.timeZone, { projector, db: deps.readDb, seq: projectedSeq(deps.readDb) });
  return { engine, projector };
}
