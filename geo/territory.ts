import type { Bounds } from './lnglat';
import type { PolygonRings } from './polygon';
import type { ScopeLevel } from './scope-code';

/** One administrative or grid unit with its boundary in WGS-84. */
export interface Scope {
  code: string;
  name: string;
  level: ScopeLevel;
  parent: string | undefined;
  /** Polygon rings in WGS-84, right-hand winding (outer ring counter-clockwise). */
  rings: PolygonRings;
  bounds: Bounds;
}

/** A district and the scopes below it. */
export interface Territory {
  district: Scope;
  scopes: readonly Scope[];
}
