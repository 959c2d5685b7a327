import type { Bounds } from './lnglat';
import type { PolygonRings } from './polygon';
import type { ScopeLevel } from './scope-code';
import type { Scope, Territory } from './territory';

/**
 * Point-to-scope lookup: which scope of a level holds a point. The hot path of ingest (every
 * incident without a grid code) and of building assignment (1.7 M centroids), so it answers most
 * points without any polygon test.
 *
 * - raster: the level's bounds cut into cells, about 16 per scope.
 * - pure cell: no scope edge passes through it, so the scope holding its centre (or none) holds
 *   every point in it: answered by one array read.
 * - boundary cell: an edge passes through; it lists the scopes whose bounds touch it and the point
 *   is tested against those polygons only.
 */
export class LevelLocator {
  readonly scopes: readonly Scope[];
  private readonly bounds: Bounds;
  private readonly nx: number;
  private readonly ny: number;
  private readonly cellW: number;
  private readonly cellH: number;
  /** ≥ 0: pure cell of that scope; -1: pure cell outside every scope; ≤ -2: boundary cell, candidates at offset -2 - value. */
  private readonly cells: Int32Array;
  /** Candidate lists: at an offset, a count followed by that many scope indices. */
  private readonly candidates: Int32Array;

  constructor(scopes: readonly Scope[], cellsPerScope = 16) {
    this.scopes = scopes;
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const sc of scopes) {
      w = Math.min(w, sc.bounds[0]);
      s = Math.min(s, sc.bounds[1]);
      e = Math.max(e, sc.bounds[2]);
      n = Math.max(n, sc.bounds[3]);
    }
    if (scopes.length === 0) [w, s, e, n] = [0, 0, 1, 1];
    this.bounds = [w, s, e, n];
    const total = Math.min(4_000_000, Math.max(4096, scopes.length * cellsPerScope));
    const aspect = (e - w) / Math.max(1e-12, n - s);
    this.nx = Math.max(1, Math.round(Math.sqrt(total * aspect)));
    this.ny = Math.max(1, Math.round(total / this.nx));
    this.cellW = (e - w) / this.nx || 1e-9;
    this.cellH = (n - s) / this.ny || 1e-9;

    const boundary = new Uint8Array(this.nx * this.ny);
    const lists: number[][] = [];
    const listOf = new Int32Array(this.nx * this.ny).fill(-1);
    scopes.forEach((sc, i) => {
      const [x0, y0, x1, y1] = this.cellRange(sc.bounds);
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          const c = y * this.nx + x;
          if (listOf[c] === -1) listOf[c] = lists.push([]) - 1;
          lists[listOf[c]!]!.push(i);
        }
      }
      for (const rings of sc.polygons) {
        for (const ring of rings) {
          for (let k = 1; k < ring.length; k++) this.markEdge(boundary, ring[k - 1]!, ring[k]!);
        }
      }
    });

    this.cells = new Int32Array(this.nx * this.ny);
    const flat: number[] = [];
    for (let c = 0; c < this.cells.length; c++) {
      const list = listOf[c] === -1 ? [] : lists[listOf[c]!]!;
      if (boundary[c]) {
        this.cells[c] = -2 - flat.length;
        flat.push(list.length, ...list);
      } else {
        const cx = w + ((c % this.nx) + 0.5) * this.cellW;
        const cy = s + (Math.floor(c / this.nx) + 0.5) * this.cellH;
        this.cells[c] = list.find((i) => inPolygons(cx, cy, scopes[i]!.polygons)) ?? -1;
      }
    }
    this.candidates = Int32Array.from(flat);
  }

  /** Index (into `scopes`) of the scope holding the point, or -1. */
  locateIndex(lng: number, lat: number): number {
    const x = Math.floor((lng - this.bounds[0]) / this.cellW);
    const y = Math.floor((lat - this.bounds[1]) / this.cellH);
    if (x < 0 || y < 0 || x >= this.nx || y >= this.ny) {
      // The far edge of the bounds belongs to the last cell.
      if (lng === this.bounds[2] || lat === this.bounds[3]) return this.slowLocate(lng, lat);
      return -1;
    }
    const v = this.cells[y * this.nx + x]!;
    if (v >= -1) return v;
    const at = -2 - v;
    const count = this.candidates[at]!;
    for (let k = 1; k <= count; k++) {
      const i = this.candidates[at + k]!;
      if (inPolygons(lng, lat, this.scopes[i]!.polygons)) return i;
    }
    return -1;
  }

  /** The scope holding the point, or `undefined`. */
  locate(lng: number, lat: number): Scope | undefined {
    const i = this.locateIndex(lng, lat);
    return i < 0 ? undefined : this.scopes[i];
  }

  private slowLocate(lng: number, lat: number): number {
    return this.scopes.findIndex((sc) => inPolygons(lng, lat, sc.polygons));
  }

  private cellRange(b: Bounds): [number, number, number, number] {
    const clampX = (v: number): number => Math.min(this.nx - 1, Math.max(0, v));
    const clampY = (v: number): number => Math.min(this.ny - 1, Math.max(0, v));
    return [
      clampX(Math.floor((b[0] - this.bounds[0]) / this.cellW)),
      clampY(Math.floor((b[1] - this.bounds[1]) / this.cellH)),
      clampX(Math.floor((b[2] - this.bounds[0]) / this.cellW)),
      clampY(Math.floor((b[3] - this.bounds[1]) / this.cellH)),
    ];
  }

  /**
   * Marks every cell the segment passes through (Amanatides–Woo traversal). It is walked four
   * times, nudged by a hair each way, so that rounding at cell borders cannot skip a cell.
   */
  private markEdge(boundary: Uint8Array, a: readonly [number, number], b: readonly [number, number]): void {
    const fx0 = (a[0] - this.bounds[0]) / this.cellW;
    const fy0 = (a[1] - this.bounds[1]) / this.cellH;
    const fx1 = (b[0] - this.bounds[0]) / this.cellW;
    const fy1 = (b[1] - this.bounds[1]) / this.cellH;
    const eps = 1e-6;
    for (const [ex, ey] of [[eps, eps], [eps, -eps], [-eps, eps], [-eps, -eps]] as const) {
      walkCells(fx0 + ex, fy0 + ey, fx1 + ex, fy1 + ey, (x, y) => {
        if (x >= 0 && y >= 0 && x < this.nx && y < this.ny) boundary[y * this.nx + x] = 1;
      });
    }
  }
}

/** Calls `visit` for every integer cell the segment (in cell units) passes through. */
function walkCells(x0: number, y0: number, x1: number, y1: number, visit: (x: number, y: number) => void): void {
  let x = Math.floor(x0);
  let y = Math.floor(y0);
  const endX = Math.floor(x1);
  const endY = Math.floor(y1);
  const dx = x1 - x0;
  const dy = y1 - y0;
  const stepX = Math.sign(dx);
  const stepY = Math.sign(dy);
  const tDeltaX = dx === 0 ? Infinity : 1 / Math.abs(dx);
  const tDeltaY = dy === 0 ? Infinity : 1 / Math.abs(dy);
  let tMaxX = dx === 0 ? Infinity : (stepX > 0 ? x + 1 - x0 : x0 - x) * tDeltaX;
  let tMaxY = dy === 0 ? Infinity : (stepY > 0 ? y + 1 - y0 : y0 - y) * tDeltaY;
  const limit = Math.abs(endX - x) + Math.abs(endY - y) + 2;
  for (let k = 0; k <= limit; k++) {
    visit(x, y);
    if (x === endX && y === endY) return;
    if (tMaxX < tMaxY) {
      tMaxX += tDeltaX;
      x += stepX;
    } else {
      tMaxY += tDeltaY;
      y += stepY;
    }
  }
}

/** Locators for every level of a territory: `locate(point, level)`. */
export class TerritoryLocator {
  private readonly levels = new Map<ScopeLevel, LevelLocator>();

  constructor(readonly territory: Territory) {
    const byLevel = new Map<ScopeLevel, Scope[]>();
    for (const s of territory.scopes) {
      const list = byLevel.get(s.level) ?? [];
      list.push(s);
      byLevel.set(s.level, list);
    }
    for (const [level, scopes] of byLevel) this.levels.set(level, new LevelLocator(scopes));
  }

  /** Whether the territory has a scope with this code. */
  hasScope(code: string): boolean {
    this.codes ??= new Set(this.territory.scopes.map((s) => s.code));
    return this.codes.has(code);
  }

  private codes: Set<string> | undefined;

  /** The scope of `level` that holds the WGS-84 point, or `undefined`. */
  locate(lngLat: readonly [number, number], level: ScopeLevel): Scope | undefined {
    return this.levels.get(level)?.locate(lngLat[0], lngLat[1]);
  }

  /** The most precise scope holding the point (micro-grid if any, else grid, … district). */
  locateDeepest(lngLat: readonly [number, number]): Scope | undefined {
    for (let level = 4; level >= 0; level--) {
      const s = this.locate(lngLat, level as ScopeLevel);
      if (s) return s;
    }
    return undefined;
  }

  /** The locator of one level, for bulk work. */
  level(level: ScopeLevel): LevelLocator | undefined {
    return this.levels.get(level);
  }
}

/** Even-odd point-in-multipolygon over every ring (holes included). */
export function inPolygons(x: number, y: number, polygons: readonly PolygonRings[]): boolean {
  let inside = false;
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const pi = ring[i]!;
        const pj = ring[j]!;
        if (pi[1] > y !== pj[1] > y && x < ((pj[0] - pi[0]) * (y - pi[1])) / (pj[1] - pi[1]) + pi[0]) inside = !inside;
      }
    }
  }
  return inside;
}
