import type { ReadDb } from './read-db';
import type { TerritoryLocator } from '@geo/locate';

/**
 * Where things go: the scope code an event's item is counted in. A grid code the territory
 * knows wins (the sender knows best); else the deepest scope holding the location; else the
 * district (counted, not placed).
 */
export interface Placer {
  byGridOrLocation(gridCode: string | undefined, location: readonly [number, number] | undefined): string;
  /** The grid of a building of the territory (generated or imported geometry), if known. */
  territoryBuildingGrid(buildingId: string): string | undefined;
}

export function createPlacer(args: {
  /** The territory's scopes: a grid code is taken when it knows it, else the location is located. */
  locator: TerritoryLocator;
  districtCode: string;
  /** The grid of a building of the territory (generated or imported geometry). */
  territoryBuildingGrid(id: string): string | undefined;
}): Placer {
  return {
    byGridOrLocation(gridCode, location) {
      if (gridCode && args.locator.hasScope(gridCode)) return gridCode;
      if (location) return args.locator.locateDeepest(location)?.code ?? args.districtCode;
      return args.districtCode;
    },
    territoryBuildingGrid: args.territoryBuildingGrid,
  };
}

/** The upper bound of the prefix range of a scope code: `scope >= code AND scope < upper(code)`. */
export function scopeUpper(code: string): string {
  return `${code}~`;
}

/**
 * "`column` is in the scope", taking the two parameters of the prefix range (`code`,
 * `scopeUpper(code)`), in whichever form reads less for `table`:
 * - the codes placed under the scope (`p_placed`), each an equality seek in the table's
 *   `(scope, time, …)` index, so a period is an exact range: what a long log needs (the
 *   district's "today" after a year of the city would otherwise read a million entries);
 * - the bare prefix range, which reads every entry of the subtree whatever the period, but
 *   costs no seek per code: cheaper while the table holds few rows per placed code (a month of
 *   a district with ten thousand micro-grids).
 */
export function scopeFilter(db: ReadDb, table: string, column = 'scope'): string {
  return placedCodesPay(db, table) ? `${column} IN (SELECT code FROM p_placed WHERE code >= ? AND code < ?)` : `${column} >= ? AND ${column} < ?`;
}

/**
 * Seeks pay once a table holds `rowsPerCode` rows per placed code (a seek costs about as much as
 * reading that many index entries). Tests move it to read the same models both ways.
 */
export const scopeSeeks = { rowsPerCode: 30 };
/** How long a table's verdict is kept: tables only grow, and slowly next to this. */
const VERDICT_MS = 60_000;
const verdicts = new WeakMap<ReadDb, { at: number; rowsPerCode: number; byTable: Map<string, boolean> }>();

/** Whether `table` holds enough rows per placed code that seeking each code beats the prefix range. */
export function placedCodesPay(db: ReadDb, table: string): boolean {
  const now = performance.now();
  let v = verdicts.get(db);
  if (!v || now - v.at > VERDICT_MS || v.rowsPerCode !== scopeSeeks.rowsPerCode) {
    v = { at: now, rowsPerCode: scopeSeeks.rowsPerCode, byTable: new Map() };
    verdicts.set(db, v);
  }
  let pays = v.byTable.get(table);
  if (pays === undefined) {
    // MAX(rowid) is one index descent; rows are never deleted from these tables, so it is the count.
    const rows = db.get<{ n: number | null }>(`SELECT MAX(rowid) AS n FROM ${table}`)?.n ?? 0;
    const codes = db.get<{ n: number }>('SELECT COUNT(*) AS n FROM p_placed')?.n ?? 0;
    pays = rows > scopeSeeks.rowsPerCode * Math.max(codes, 1);
    v.byTable.set(table, pays);
  }
  return pays;
}
