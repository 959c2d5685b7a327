import { LEVEL_NAMES } from './scope-code';
import { rewindRfc7946 } from './polygon';
import type { Scope } from './territory';

/** A scope as an RFC 7946 feature; `properties` carry `code`, `name`, `level` and `parent`. */
export interface ScopeFeature {
  type: 'Feature';
  id: string;
  properties: { code: string; name: string; level: (typeof LEVEL_NAMES)[number]; parent: string | null };
  geometry: { type: 'Polygon'; coordinates: [number, number][][] } | { type: 'MultiPolygon'; coordinates: [number, number][][][] };
}

export function scopeFeature(scope: Scope): ScopeFeature {
  return {
    type: 'Feature',
    id: scope.code,
    properties: { code: scope.code, name: scope.name, level: LEVEL_NAMES[scope.level], parent: scope.parent ?? null },
    geometry:
      scope.polygons.length === 1
        ? { type: 'Polygon', coordinates: rewindRfc7946(scope.polygons[0]!) }
        : { type: 'MultiPolygon', coordinates: scope.polygons.map(rewindRfc7946) },
  };
}

export function scopeCollection(scopes: readonly Scope[]): { type: 'FeatureCollection'; features: ScopeFeature[] } {
  return { type: 'FeatureCollection', features: scopes.map(scopeFeature) };
}
