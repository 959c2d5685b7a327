import type { ProjectedEvent } from '../store/event-store';
import type { FoldedWorkOrder } from '../aggregate/workorder/fold-work-order';
import type { Placer } from './place';
import type { ReadDb } from './read-db';
import { BuildingScopes, CameraRows } from './registered-places';
import { WorkOrderCache, projectAlarmAck, projectIncident, projectRating, projectReminder, projectTransition } from './project-workorders';
import { projectBuilding, projectCall, projectCamera, projectCameraStatus, projectPatrol, projectPerson, projectPersonRemoved, projectStaff } from './project-registers';

/** What a page of events changed, for the live layer. */
export interface ProjectionChanges {
  /** Deepest scope codes whose numbers changed (their ancestors changed too). */
  scopes: Set<string>;
  /** Orders whose state or deadlines changed. */
  orders: Set<string>;
}

/** What the per-type projections need besides the database. */
export interface ProjectionContext {
  placer: Placer;
  timeZone: string;
  orders: WorkOrderCache;
  buildings: BuildingScopes;
  cameras: CameraRows;
  changes: ProjectionChanges;
}

/**
 * Folds the event log into the read models (`schema.ts`). Pages are applied in `seq` order, each
 * in one (synchronous) transaction that also records the position, so the models are always
 * complete up to a known `seq` and a crash replays the page again from the log.
 */
export class Projector {
  private readonly orders = new WorkOrderCache(20_000);
  private readonly buildings: BuildingScopes;
  private readonly cameras = new CameraRows();
  /** The codes in `p_placed` (read once; a code is written the first time a page places in it). */
  private placed: Set<string> | undefined;

  constructor(
    private readonly db: ReadDb,
    private readonly placer: Placer,
    private readonly timeZone: string,
  ) {
    this.buildings = new BuildingScopes((id) => placer.territoryBuildingGrid(id));
  }

  /**
   * Reads the registered buildings and cameras into memory now: a server's projector thread does
   * it at start, beside its lookup of the territory's buildings (a city's registers take about
   * 0.2 s), so that the first pages it folds do not wait for it.
   */
  preload(): void {
    this.buildings.preload(this.db);
    this.cameras.preload(this.db);
  }

  /** An order's folded history (cached for recently touched orders, else read from the moves). */
  folded(id: string): FoldedWorkOrder {
    return this.orders.get(this.db, id).folded;
  }

  /** Folds a page in `seq` order (read as it is folded when it comes from the log: see `SqliteLogReader.range`). */
  apply(events: Iterable<ProjectedEvent>): ProjectionChanges {
    const changes: ProjectionChanges = { scopes: new Set(), orders: new Set() };
    const ctx: ProjectionContext = { placer: this.placer, timeZone: this.timeZone, orders: this.orders, buildings: this.buildings, cameras: this.cameras, changes };
    try {
      this.db.transaction(() => {
        let lastSeq: number | undefined;
        for (const e of events) {
          projectEvent(this.db, ctx, e);
          lastSeq = e.seq;
        }
        if (lastSeq === undefined) return;
        this.recordPlaced(changes.scopes);
        this.db.run("UPDATE p_state SET value = ? WHERE name = 'seq'", [String(lastSeq)]);
      });
    } catch (err) {
      // The cache may hold what the rolled-back transaction wrote: forget it.
      this.orders.clear();
      this.buildings.clear();
      this.cameras.clear();
      this.placed = undefined;
      throw err;
    }
    return changes;
  }

  /** Keeps `p_placed` a superset of the scope codes the models hold (`scopeFilter` reads through it). */
  private recordPlaced(codes: ReadonlySet<string>): void {
    this.placed ??= new Set(this.db.all<{ code: string }>('SELECT code FROM p_placed').map((r) => r.code));
    for (const code of codes) {
      if (this.placed.has(code)) continue;
      this.db.run('INSERT OR IGNORE INTO p_placed (code) VALUES (?)', [code]);
      this.placed.add(code);
    }
  }
}

function projectEvent(db: ReadDb, ctx: ProjectionContext, e: ProjectedEvent): void {
  const at = Date.parse(e.occurredAt);
  const data = e.data as Record<string, unknown>;
  switch (e.type) {
    case 'incident.reported':
      return projectIncident(db, ctx, e.seq, at, data);
    case 'workorder.transitioned':
      return projectTransition(db, ctx, e.seq, at, data);
    case 'workorder.rated':
      return projectRating(db, e.seq, at, data);
    case 'workorder.reminded':
      return projectReminder(db, at, data);
    case 'alarm.acknowledged':
      return projectAlarmAck(db, ctx, at, data);
    case 'hotline.call':
      return projectCall(db, ctx, data);
    case 'camera.upserted':
      return projectCamera(db, ctx, e.seq, at, data);
    case 'camera.status':
      return projectCameraStatus(db, ctx, e.seq, at, data);
    case 'building.upserted':
      return projectBuilding(db, ctx, at, data);
    case 'population.upserted':
      return projectPerson(db, ctx, e.seq, at, data);
    case 'population.removed':
      return projectPersonRemoved(db, ctx, e.seq, at, data);
    case 'staff.upserted':
      return projectStaff(db, ctx, at, data);
    case 'patrol.recorded':
      return projectPatrol(db, ctx, at, data);
    default:
      // An event type this version does not fold: kept in the log, nothing to project.
      return;
  }
}
