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
  locator: TerritoryLocator;
  districtCode: string;
  hasScope(code: string): boolean;
  /** The grid of a building of the territory (generated or imported geometry). */
  territoryBuildingGrid(id: string): string | undefined;
}): Placer {
  return {
    byGridOrLocation(gridCode, location) {
      if (gridCode && args.hasScope(gridCode)) return gridCode;
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
 * "`column` is in the scope", with the same two parameters as the prefix range (`code`,
 * `scopeUpper(code)`): the codes placed under the scope (`p_placed`), each an equality seek in
 * the table's `(scope, time, …)` index, so a period is an exact range read from the index. The
 * bare range `scope >= ? AND scope < ?` reads every entry of the subtree whatever the period, and
 * leaves the planner no way to tell two `(scope, …)` indexes apart.
 */
export function inScope(column = 'scope'): string {
  return `${column} IN (SELECT code FROM p_placed WHERE code >= ? AND code < ?)`;
}
