import type { LevelName } from '@geo/scope-code';
import { apiJson } from '../services/api';
import type { GeoManifest } from './geo-manifest';

/** A scope's boundary as `GET /api/geo/scopes.geojson` sends it (properties always set). */
export interface ScopeFeature {
  type: 'Feature';
  geometry: { type: 'Polygon'; coordinates: [number, number][][] } | { type: 'MultiPolygon'; coordinates: [number, number][][][] };
  properties: { code: string; name: string; level: LevelName; parent: string | null; label: [number, number] };
}

export interface ScopeCollection {
  type: 'FeatureCollection';
  features: ScopeFeature[];
}

/** The levels the wall loads at start; micro-grids (thousands in a district) only when a grid is drilled into. */
export const EAGER_LEVELS = ['district', 'street', 'community', 'grid'] as const satisfies readonly LevelName[];
export type BoundariesByLevel = Record<(typeof EAGER_LEVELS)[number], ScopeCollection>;

const loading = new Map<LevelName, Promise<ScopeCollection>>();

/**
 * One level's boundaries, fetched once per page: the map draws them and the drill-down finds the
 * scope under a click in them. The URLs carry the territory's hash, so a reload reads them from
 * the browser's cache.
 */
export function loadLevel(manifest: GeoManifest, level: LevelName): Promise<ScopeCollection> {
  let p = loading.get(level);
  if (!p) {
    p = apiJson<ScopeCollection>(manifest.boundaries[level], `${level} boundaries`);
    loading.set(level, p);
  }
  return p;
}

/** The levels down to the grid. */
export async function loadBoundaries(manifest: GeoManifest): Promise<BoundariesByLevel> {
  const parts = await Promise.all(EAGER_LEVELS.map((level) => loadLevel(manifest, level)));
  return Object.fromEntries(EAGER_LEVELS.map((level, i) => [level, parts[i]!])) as BoundariesByLevel;
}
