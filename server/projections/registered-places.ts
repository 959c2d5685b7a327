import type { ReadDb } from './read-db';

/**
 * Where registered buildings are, in memory for the fold: a patrol or a key person asks its
 * building's scope, and a seek in `p_buildings` (its key's index, then the row) cost 4-9 µs at a
 * city's 146,000 registered rental buildings, a patrol being a third of the events. Only the
 * buildings whose registered scope differs from their grid in the territory (or that the
 * territory does not know) are held: for the rest the territory's lookup, already in memory,
 * gives the same answer. Where grids are divided further (the registered scope is then the part
 * of the grid), that is every registered building: about 85 bytes each (ids of 14 characters,
 * the scope codes shared), 12 MB for the city's 146,145 rental buildings. Read from `p_buildings`
 * at first use (or at the thread's start: `Projector.preload`), kept up to date by the fold.
 */
export class BuildingScopes {
  private differing: Map<string, string> | undefined;

  constructor(private readonly territoryGrid: (id: string) => string | undefined) {}

  /** A building's scope: as registered through `building.upserted`, else its grid in the territory. */
  scopeOf(db: ReadDb, id: string): string | undefined {
    return this.load(db).get(id) ?? this.territoryGrid(id);
  }

  /** A building was registered (or moved) with this scope. */
  registered(db: ReadDb, id: string, scope: string): void {
    const differing = this.load(db);
    if (scope === this.territoryGrid(id)) differing.delete(id);
    else differing.set(id, scope);
  }

  /** Forgets everything (a rolled-back page may have registered buildings): read again at next use. */
  clear(): void {
    this.differing = undefined;
  }

  /** Reads them now (at start) rather than at the first fold that needs them. */
  preload(db: ReadDb): void {
    this.load(db);
  }

  private load(db: ReadDb): Map<string, string> {
    if (this.differing) return this.differing;
    const differing = new Map<string, string>();
    const codes = new Map<string, string>();
    for (const r of db.iterate<{ building_id: string; scope: string }>('SELECT building_id, scope FROM p_buildings')) {
      if (r.scope === this.territoryGrid(r.building_id)) continue;
      let code = codes.get(r.scope);
      if (code === undefined) codes.set(r.scope, (code = r.scope));
      differing.set(r.building_id, code);
    }
    this.differing = differing;
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
 * `p_cameras` at first use; `camera.upserted` refreshes its entry.
 */
export class CameraRows {
  private rows: Map<string, CameraRow> | undefined;

  /** The camera's row, or `undefined` for a camera never registered. */
  get(db: ReadDb, cameraId: string): CameraRow | undefined {
    return this.load(db).get(cameraId);
  }

  /** Reads the camera's row again (after its upsert). */
  refresh(db: ReadDb, cameraId: string): void {
    const rows = this.load(db);
    const row = db.get<CameraRow>('SELECT rowid, scope FROM p_cameras WHERE camera_id = ?', [cameraId]);
    if (row) rows.set(cameraId, { rowid: row.rowid, scope: row.scope });
    else rows.delete(cameraId);
  }

  /** Forgets everything (a rolled-back page may have registered cameras): read again at next use. */
  clear(): void {
    this.rows = undefined;
  }

  /** Reads them now (at start) rather than at the first fold that needs them. */
  preload(db: ReadDb): void {
    this.load(db);
  }

  private load(db: ReadDb): Map<string, CameraRow> {
    if (this.rows) return this.rows;
    const rows = new Map<string, CameraRow>();
    for (const r of db.iterate<{ camera_id: string; rowid: number; scope: string }>('SELECT camera_id, rowid, scope FROM p_cameras')) {
      rows.set(r.camera_id, { rowid: r.rowid, scope: r.scope });
    }
    this.rows = rows;
    return rows;
  }
}
