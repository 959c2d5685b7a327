import type { Bounds } from './lnglat';
import type { PolygonRings } from './polygon';
import type { ScopeLevel } from './scope-code';

/**
 * A multipolygon: one or more polygons, each as rings (outer first, then holes), WGS-84
 * `[lng, lat]`, rings closed. Most scopes have one polygon; a scope cut by a river or by its
 * parent's outline can have several.
 */
export type Polygons = readonly PolygonRings[];

/** One administrative or grid unit with its boundary in WGS-84. */
export interface Scope {
  code: string;
  name: string;
  level: ScopeLevel;
  /** The parent's code; `undefined` for the district. */
  parent: string | undefined;
  polygons: Polygons;
  bounds: Bounds;
}

/** A district and every scope below it (the district included), parents before children. */
export interface Territory {
  district: Scope;
  scopes: readonly Scope[];
}

/** Rental buildings' management levels (出租屋): relaxed, warning, strict, banned. */
export const RENTAL_LEVELS = ['宽管', '警示', '严管', '禁租'] as const;
export type RentalLevel = (typeof RENTAL_LEVELS)[number];

/** A building with its footprint (one closed outer ring, WGS-84). */
export interface Building {
  id: string;
  /** The grid that holds the building's centroid. */
  gridCode: string;
  address: string;
  floors: number;
  households: number;
  residents: number;
  rental: RentalLevel | undefined;
  footprint: readonly (readonly [number, number])[];
}

/** The scopes one level below `code`, in the territory's order. */
export function childrenOf(territory: Territory, code: string): Scope[] {
  return territory.scopes.filter((s) => s.parent === code);
}
