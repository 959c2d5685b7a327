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
