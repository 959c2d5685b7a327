import type { ReadDb } from './read-db';

/**
 * What the fold holds of the read models, read at first use (or at the thread's start: see
 * `Projector.preload`) and forgotten when a page rolls back, since it may hold what that page wrote.
 */
class ReadOnce<T> {
  private value: T | undefined;

  constructor(private readonly read: (db: ReadDb) => T) {}

  get(db: ReadDb): T {
    return (this.value ??= this.read(db));
  }

  clear(): void {
    this.value = undefined;
  }
}

/**
 * Where registered buildings are, in memory for the fold: a patrol or a key person asks its
 * building's scope, and a seek in `p_buildings` (its key's index, then the row) cost 4-9 µs at a
 * city's 146,000 registered rental buildings, a patrol being a third of the events. Only the
 * buildings whose registered scope differs from their grid in the territory (or that the
 * territory does not know) are held: for the rest the territory's lookup, already in memory,
 * gives the same answer. Where grids are divided further (the registered scope is then the part
 * of the grid), that is every registered building: about 85 bytes each (ids of 14 characters,
 * the scope codes shared), 12 MB for the city's 146,145 rental buildings. Read from `p_buildings`,
 * kept up to date by the fold.
 */
export class BuildingScopes {
  private readonly differing = new ReadOnce((db) => this.read(db));

  constructor(private readonly territoryGrid: (id: string) => string | undefined) {}

  /** A building's scope: as registered through `building.upserted`, else its grid in the territory. */
  scopeOf(db: ReadDb, id: string): string | undefined {
    return this.differing.get(db).get(id) ?? this.territoryGrid(id);
  }

  /** A building was registered (or moved) with this scope. */
  registered(db: ReadDb, id: string, scope: string): void {
    const differing = this.differing.get(db);
    if (scope === this.territoryGrid(id)) differing.delete(id);
    else differing.set(id, scope);
  }

  preload(db: ReadDb): void {
    this.differing.get(db);
  }

  clear(): void {
    this.differing.clear();
  }

  private read(db: ReadDb): Map<string, string> {
    const differing = new Map<string, string>();
    const codes = new Map<string, string>();
    for (const r of db.iterate<{ building_id: string; scope: string }>('SELECT building_id, scope FROM p_buildings')) {
      if (r.scope === this.territoryGrid(r.building_id)) continue;
      let code = codes.get(r.scope);
      if (code === undefined) codes.set(r.scope, (code = r.scope));
      differing.set(r.building_id, code);
    }
    return differing;
  }
}

/** A registered camera's row and scope. */
export interface CameraRow {
  /** Its rowid in `p_cameras`: a status updates the row without seeking the key's index first. */
  rowid: number;
  scope: string;
}

/**
 * Registered cameras by id, in memory for the fold: a `camera.status` (a sixth of the events)
 * updates its camera's row and marks its scope changed, and reading the row's key index and then
 * the row for that cost two seeks of 3-5 µs each among a city's 30,000 cameras. Read from
 * `p_cameras`; `camera.upserted` refreshes its entry.
 */
export class CameraRows {
  private readonly rows = new ReadOnce((db) => {
    const rows = new Map<string, CameraRow>();
    for (const r of db.iterate<{ camera_id: string; rowid: number; scope: string }>('SELECT camera_id, rowid, scope FROM p_cameras')) {
      rows.set(r.camera_id, { rowid: r.rowid, scope: r.scope });
    }
    return rows;
  });

  /** The camera's row, or `undefined` for a camera never registered. */
  get(db: ReadDb, cameraId: string): CameraRow | undefined {
    return this.rows.get(db).get(cameraId);
  }

  /** Reads the camera's row again (after its upsert). */
  refresh(db: ReadDb, cameraId: string): void {
    const rows = this.rows.get(db);
    const row = db.get<CameraRow>('SELECT rowid, scope FROM p_cameras WHERE camera_id = ?', [cameraId]);
    if (row) rows.set(cameraId, row);
    else rows.delete(cameraId);
  }

  preload(db: ReadDb): void {
    this.rows.get(db);
  }

  clear(): void {
    this.rows.clear();
  }
}
