import { levelOf, parentOf, type LevelName } from '@geo/scope-code';
import { pointInPolygon, polygonsBounds, type PolygonRings } from '@geo/polygon';
import { EAGER_LEVELS, type BoundariesByLevel, type ScopeCollection, type ScopeFeature } from '../map/boundaries';

/** A scope as the drill-down knows it: its name, level, frame and outline. */
export interface ScopeEntry {
  code: string;
  name: string;
  level: LevelName;
  /** West-south and east-north corners, for framing the map. */
  bounds: [[number, number], [number, number]];
  label: [number, number];
  polygons: PolygonRings[];
  feature: ScopeFeature;
}

/**
 * The territory's scopes by code and by parent, so a click can be turned into "the child of the
 * scope on screen under this point". Children are few per parent (tens of grids in a community),
 * so a bounds check and a point-in-polygon test per child is all a lookup needs.
 */
export class ScopeIndex {
  private readonly byCode = new Map<string, ScopeEntry>();
  private readonly byParent = new Map<string, ScopeEntry[]>();
  private readonly levels = new Set<LevelName>();

  constructor(boundaries: BoundariesByLevel) {
    for (const level of EAGER_LEVELS) this.add(level, boundaries[level]);
  }

  /** Adds a level loaded later (micro-grids, when a grid is drilled into). */
  add(level: LevelName, collection: ScopeCollection): void {
    if (this.levels.has(level)) return;
    this.levels.add(level);
    for (const f of collection.features) {
      const polygons: PolygonRings[] = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      const entry: ScopeEntry = { code: f.properties.code, name: f.properties.name, level, bounds: boundsOf(polygons), label: f.properties.label, polygons, feature: f };
      this.byCode.set(entry.code, entry);
      const parent = parentOf(entry.code);
      if (parent !== undefined) {
        const siblings = this.byParent.get(parent) ?? [];
        siblings.push(entry);
        this.byParent.set(parent, siblings);
      }
    }
  }

  get(code: string): ScopeEntry | undefined {
    return this.byCode.get(code);
  }

  children(code: string): readonly ScopeEntry[] {
    return this.byParent.get(code) ?? [];
  }

  /** The child of `parent` whose outline holds the point, if any. */
  childAt(parent: string, lng: number, lat: number): ScopeEntry | undefined {
    return this.children(parent).find((c) => contains(c, lng, lat));
  }

  /** Whether a level's outlines are in the index. */
  has(level: LevelName): boolean {
    return this.levels.has(level);
  }

  /** Whether the scope's outline holds the point. */
  contains(code: string, lng: number, lat: number): boolean {
    const e = this.byCode.get(code);
    return e !== undefined && contains(e, lng, lat);
  }

  /** The scope itself, and its ancestors, from the district down (codes unknown here are skipped). */
  path(code: string): ScopeEntry[] {
    const out: ScopeEntry[] = [];
    for (let c: string | undefined = code; c !== undefined; c = parentOf(c)) {
      const e = this.byCode.get(c);
      if (e) out.unshift(e);
    }
    return out;
  }
}

/** Whether a scope code names a level at or below a grid (where a click opens the grid's card). */
export function isGridLevel(code: string): boolean {
  const level = levelOf(code);
  return level !== undefined && level >= 3;
}

function contains(e: ScopeEntry, lng: number, lat: number): boolean {
  const [[w, s], [east, n]] = e.bounds;
  if (lng < w || lng > east || lat < s || lat > n) return false;
  return e.polygons.some((rings) => pointInPolygon(lng, lat, rings));
}

function boundsOf(polygons: readonly PolygonRings[]): [[number, number], [number, number]] {
  const [w, s, e, n] = polygonsBounds(polygons);
  return [
    [w, s],
    [e, n],
  ];
}
