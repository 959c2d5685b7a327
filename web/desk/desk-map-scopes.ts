import { LEVEL_NAMES, levelOf } from '@geo/scope-code';
import { pointInPolygon, polygonsBounds, type PolygonRings } from '@geo/polygon';
import { loadLevel, type ScopeFeature } from '../map/boundaries';
import type { GeoManifest } from '../map/geo-manifest';

/** A scope on the desk's map: its outline, and the children a click can pick. */
export interface DeskMapScopes {
  scope: ScopeFeature | undefined;
  children: readonly ScopeFeature[];
  /** West-south and east-north corners of the scope, for framing it. */
  bounds: [[number, number], [number, number]] | undefined;
}

/**
 * The outlines of a scope and its children, from the boundaries the wall also loads (one level at
 * a time, each fetched once per page; micro-grids only once a grid is shown).
 */
export async function deskMapScopes(manifest: GeoManifest, code: string): Promise<DeskMapScopes> {
  const level = levelOf(code);
  if (level === undefined) return { scope: undefined, children: [], bounds: undefined };
  const own = await loadLevel(manifest, LEVEL_NAMES[level]);
  const scope = own.features.find((f) => f.properties.code === code);
  const childLevel = LEVEL_NAMES[level + 1];
  const children = childLevel ? (await loadLevel(manifest, childLevel)).features.filter((f) => f.properties.parent === code) : [];
  const outline = scope ? [scope] : children;
  return { scope, children, bounds: outline.length > 0 ? boundsOf(outline.flatMap(polygonsOf)) : undefined };
}

/** The child whose outline holds the point, if any. */
export function childAt(children: readonly ScopeFeature[], lng: number, lat: number): ScopeFeature | undefined {
  return children.find((c) => polygonsOf(c).some((rings) => pointInPolygon(lng, lat, rings)));
}

function polygonsOf(f: ScopeFeature): PolygonRings[] {
  return f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
}

function boundsOf(polygons: readonly PolygonRings[]): [[number, number], [number, number]] {
  const [w, s, e, n] = polygonsBounds(polygons);
  return [
    [w, s],
    [e, n],
  ];
}
