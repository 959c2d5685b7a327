import type Database from 'better-sqlite3';
import { polygonsBounds } from '@geo/polygon';
import { levelOf, type ScopeLevel } from '@geo/scope-code';
import type { Building, Polygons, RentalLevel, Scope, Territory } from '@geo/territory';
import { BuildingColumnsBuilder, rentalCode, type BuildingColumns } from '@geo/buildings';

/**
 * Where the territory lives: scopes (district to micro-grid) and buildings, in the embedded
 * database. Written by the scenario generator on first start and by `npm run geo:import`.
 *
 * - source: what produced the stored territory (`scenario:district:seed=1:v3`, `import`), so a
 *   start with another `SCENARIO` regenerates a generated territory but never an imported one.
 */
export class TerritoryStore {
  constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS scopes (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        level INTEGER NOT NULL,
        parent TEXT,
        polygons TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS scopes_level ON scopes (level);
      CREATE TABLE IF NOT EXISTS buildings (
        id TEXT PRIMARY KEY,
        grid_code TEXT NOT NULL,
        address TEXT NOT NULL,
        floors INTEGER NOT NULL,
        households INTEGER NOT NULL,
        residents INTEGER NOT NULL,
        rental TEXT,
        footprint BLOB NOT NULL
      );
      CREATE INDEX IF NOT EXISTS buildings_grid ON buildings (grid_code);
      -- The search box: address prefixes by range; substrings by a scan of this index, which
      -- covers the query (no footprint blobs read). Built once, ~2 s for a city's 1.7 M buildings.
      CREATE INDEX IF NOT EXISTS buildings_address_search ON buildings (address, grid_code, id);
      CREATE TABLE IF NOT EXISTS territory_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS roads (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        points BLOB NOT NULL
      );
    `);
  }

  /** What produced the stored territory, or `undefined` when there is none. */
  source(): string | undefined {
    return (this.db.prepare('SELECT value FROM territory_meta WHERE key = ?').get('source') as { value: string } | undefined)?.value;
  }

  /** Whether a scope with this code is stored (without loading the territory). */
  hasScope(code: string): boolean {
    return this.db.prepare('SELECT 1 FROM scopes WHERE code = ?').get(code) !== undefined;
  }

  /** The stored territory, parents before children; `undefined` without a district. */
  load(): Territory | undefined {
    const rows = this.db.prepare('SELECT code, name, level, parent, polygons FROM scopes ORDER BY level, code').all() as ScopeRow[];
    const scopes = rows.map(fromRow);
    const district = scopes.find((s) => s.level === 0);
    return district ? { district, scopes } : undefined;
  }

  /** Replaces the whole territory (scopes and buildings) in one transaction. */
  replaceAll(scopes: readonly Scope[], buildings: Iterable<Building>, source: string): void {
    this.db.transaction(() => {
      this.db.exec('DELETE FROM scopes; DELETE FROM buildings;');
      this.insertScopes(scopes);
      this.insertBuildings(buildings);
      this.setSource(source);
    })();
  }

  /**
   * Replaces every scope of `level` with `scopes`, then drops scopes below it whose parent no
   * longer exists (they belonged to the old subdivision). Returns how many were dropped.
   */
  replaceLevel(level: ScopeLevel, scopes: readonly Scope[], source = 'import'): { dropped: number } {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM scopes WHERE level = ?').run(level);
      this.insertScopes(scopes);
      let dropped = 0;
      for (let l = level + 1; l <= 4; l++) {
        dropped += this.db.prepare('DELETE FROM scopes WHERE level = ? AND parent NOT IN (SELECT code FROM scopes)').run(l).changes;
      }
      this.setSource(source);
      return { dropped };
    })();
  }

  /** Replaces every building. */
  replaceBuildings(buildings: Iterable<Building>, source = 'import'): void {
    this.db.transaction(() => {
      this.db.exec('DELETE FROM buildings');
      this.insertBuildings(buildings);
      this.setSource(source);
    })();
  }

  /** Replaces the basemap's roads (generated scenarios only; imports keep none). */
  replaceRoads(roads: Iterable<{ kind: string; name: string; points: readonly (readonly [number, number])[] }>): void {
    this.db.transaction(() => {
      this.db.exec('DELETE FROM roads');
      const insert = this.db.prepare('INSERT INTO roads (kind, name, points) VALUES (?, ?, ?)');
      for (const r of roads) insert.run(r.kind, r.name, packPairs(r.points));
    })();
  }

  roads(): { kind: string; name: string; points: [number, number][] }[] {
    const rows = this.db.prepare('SELECT kind, name, points FROM roads ORDER BY id').all() as { kind: string; name: string; points: Buffer }[];
    return rows.map((r) => ({ kind: r.kind, name: r.name, points: unpackPairs(r.points) }));
  }

  /** A value kept with the territory (e.g. the scenario's base registers as JSON). */
  getMeta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM territory_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO territory_meta (key, value) VALUES (?, ?)').run(key, value);
  }

  /**
   * Every building in columns, in rowid order, without addresses (a city's 1.7 M buildings would
   * cost hundreds of MB as objects). `gridIndex` maps a grid code to its index in the grid list.
   */
  buildingColumns(gridIndex: ReadonlyMap<string, number>): { columns: BuildingColumns; rowids: Int32Array } {
    const builder = new BuildingColumnsBuilder();
    const rowids: number[] = [];
    const stmt = this.db.prepare('SELECT rowid, grid_code, floors, households, residents, rental, footprint FROM buildings ORDER BY rowid');
    for (const r of stmt.iterate() as IterableIterator<{ rowid: number; grid_code: string; floors: number; households: number; residents: number; rental: string | null; footprint: Buffer }>) {
      const grid = gridIndex.get(r.grid_code);
      if (grid === undefined) continue; // its grid was replaced by an import; it will be re-imported
      builder.add(unpackPairs(r.footprint), r.floors, r.households, r.residents, rentalCode((r.rental ?? undefined) as RentalLevel | undefined), grid);
      rowids.push(r.rowid);
    }
    return { columns: builder.finish(), rowids: Int32Array.from(rowids) };
  }

  /** One building by its rowid (the feature id in building tiles). */
  buildingByRowid(rowid: number): Building | undefined {
    const r = this.db.prepare('SELECT * FROM buildings WHERE rowid = ?').get(rowid) as BuildingRow | undefined;
    return r ? buildingFromRow(r) : undefined;
  }

  /** The grid of a building by id, if the territory has it. */
  buildingGrid(id: string): string | undefined {
    this.gridById ??= this.db.prepare('SELECT grid_code FROM buildings WHERE id = ?');
    return (this.gridById.get(id) as { grid_code: string } | undefined)?.grid_code;
  }

  private gridById: Database.Statement | undefined;

  /** Every building's id and grid code, one row at a time (`[id, gridCode]`). */
  buildingGrids(): IterableIterator<[string, string]> {
    return this.db.prepare('SELECT id, grid_code FROM buildings').raw().iterate() as IterableIterator<[string, string]>;
  }

  /** One building by id, if the territory has it. */
  buildingById(id: string): Building | undefined {
    const r = this.db.prepare('SELECT * FROM buildings WHERE id = ?').get(id) as BuildingRow | undefined;
    return r ? buildingFromRow(r) : undefined;
  }

  /** The buildings of one grid (a few hundred), by the grid index. */
  buildingsOfGrid(gridCode: string): Building[] {
    return (this.db.prepare('SELECT * FROM buildings WHERE grid_code = ? ORDER BY id').all(gridCode) as BuildingRow[]).map(buildingFromRow);
  }

  /**
   * Buildings whose address starts with `text` (the address index), then, when `substrings` and
   * unless the address was found whole, to fill up to `limit`, those that contain it elsewhere
   * (a scan, stopped at `limit`), among grids whose code starts with `within`. Without footprints. Measured on 1.7 M synthetic addresses (the city): a prefix
   * 0.3 ms; a substring 30 ms when it is common, up to ~430 ms when it is rare or absent (the
   * whole index is read). A trigram index (FTS5) would make rare substrings fast too, at the
   * cost of a few hundred MB for a city.
   */
  searchAddresses(text: string, within: string, limit: number, substrings: boolean): { id: string; gridCode: string; address: string; prefix: boolean }[] {
    const upper = `${within}~`;
    const prefixRows = this.db
      .prepare("SELECT id, grid_code, address FROM buildings WHERE address >= ? AND address < ? AND grid_code >= ? AND grid_code < ? ORDER BY address, id LIMIT ?")
      .all(text, `${text}\u{10FFFF}`, within, upper, limit) as { id: string; grid_code: string; address: string }[];
    const out = prefixRows.map((r) => ({ id: r.id, gridCode: r.grid_code, address: r.address, prefix: true }));
    // A full address found needs no scan for the addresses that merely contain it.
    if (substrings && out.length < limit && !out.some((r) => r.address === text)) {
      const rest = this.db
        .prepare('SELECT id, grid_code, address FROM buildings INDEXED BY buildings_address_search WHERE grid_code >= ? AND grid_code < ? AND instr(address, ?) > 1 LIMIT ?')
        .all(within, upper, text, limit - out.length) as { id: string; grid_code: string; address: string }[];
      for (const r of rest) out.push({ id: r.id, gridCode: r.grid_code, address: r.address, prefix: false });
    }
    return out;
  }

  /** Rental buildings (出租屋), streamed. */
  *rentalBuildings(): IterableIterator<Building> {
    const stmt = this.db.prepare('SELECT * FROM buildings WHERE rental IS NOT NULL ORDER BY id');
    for (const r of stmt.iterate() as IterableIterator<BuildingRow>) yield buildingFromRow(r);
  }

  /** Every building, in id order, streamed (the city has 1.7 M). */
  *buildings(): IterableIterator<Building> {
    const stmt = this.db.prepare('SELECT * FROM buildings ORDER BY id');
    for (const r of stmt.iterate() as IterableIterator<BuildingRow>) yield buildingFromRow(r);
  }

  buildingCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM buildings').get() as { n: number }).n;
  }

  private insertScopes(scopes: readonly Scope[]): void {
    const insert = this.db.prepare('INSERT INTO scopes (code, name, level, parent, polygons) VALUES (?, ?, ?, ?, ?)');
    for (const s of scopes) insert.run(s.code, s.name, s.level, s.parent ?? null, JSON.stringify(s.polygons));
  }

  private insertBuildings(buildings: Iterable<Building>): void {
    const insert = this.db.prepare(
      'INSERT INTO buildings (id, grid_code, address, floors, households, residents, rental, footprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const b of buildings) {
      insert.run(b.id, b.gridCode, b.address, b.floors, b.households, b.residents, b.rental ?? null, packPairs(b.footprint));
    }
  }

  private setSource(source: string): void {
    this.db.prepare('INSERT OR REPLACE INTO territory_meta (key, value) VALUES (?, ?)').run('source', source);
  }
}

interface ScopeRow {
  code: string;
  name: string;
  level: number;
  parent: string | null;
  polygons: string;
}

interface BuildingRow {
  id: string;
  grid_code: string;
  address: string;
  floors: number;
  households: number;
  residents: number;
  rental: string | null;
  footprint: Buffer;
}

function fromRow(r: ScopeRow): Scope {
  const polygons = JSON.parse(r.polygons) as Polygons;
  const level = levelOf(r.code);
  if (level === undefined || level !== r.level) throw new Error(`stored scope ${r.code} has level ${r.level}, its code says ${level}`);
  return { code: r.code, name: r.name, level, parent: r.parent ?? undefined, polygons, bounds: polygonsBounds(polygons) };
}

function buildingFromRow(r: BuildingRow): Building {
  return {
    id: r.id,
    gridCode: r.grid_code,
    address: r.address,
    floors: r.floors,
    households: r.households,
    residents: r.residents,
    rental: (r.rental ?? undefined) as Building['rental'],
    footprint: unpackPairs(r.footprint),
  };
}

/** Coordinate pairs as a BLOB of float64 (16 bytes a vertex): compact and fast to read back. */
function packPairs(points: readonly (readonly [number, number])[]): Buffer {
  const a = new Float64Array(points.length * 2);
  points.forEach(([x, y], i) => {
    a[i * 2] = x;
    a[i * 2 + 1] = y;
  });
  return Buffer.from(a.buffer);
}

function unpackPairs(blob: Buffer): [number, number][] {
  const a = new Float64Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
  const out: [number, number][] = [];
  for (let i = 0; i < a.length; i += 2) out.push([a[i]!, a[i + 1]!]);
  return out;
}
