import Flatbush from 'flatbush';
import polygonClipping from 'polygon-clipping';
import { metresPerDegree } from './measure';
import { pointInPolygon, polygonsBounds } from './polygon';
import { meet } from './segments-intersect';
import type { Polygons } from './territory';

/**
 * A child may stick out of its parent by this much before the import refuses it: boundaries of
 * different levels are often digitised separately and disagree by tens of metres along shared
 * edges, which on a small grid is easily more than 1 % of its area. So only a part that is both
 * large (over 1 % of the child) and far (over 50 m beyond the parent) is an error.
 */
export const OUTSIDE_AREA_TOLERANCE = 0.01;
export const OUTSIDE_DISTANCE_TOLERANCE_M = 50;

/** How much of a child lies outside its parent. */
export interface Outside {
  /** Share of the child's area outside the parent, 0..1. */
  fraction: number;
  /** How far the outside part reaches beyond the parent's boundary, in metres. */
  farthestM: number;
}

type Mp = [number, number][][][];
type Edge = [number, number, number, number];

function inPolygons(x: number, y: number, polygons: Mp): boolean {
  return polygons.some((rings) => pointInPolygon(x, y, rings));
}

/**
 * A parent's outline, prepared once for measuring many children against it: projected to a local
 * metric frame, with its edges in a Flatbush index.
 */
export class ParentOutline {
  private readonly lng0: number;
  private readonly lat0: number;
  private readonly kx: number;
  private readonly ky: number;
  private readonly polygonsM: Mp;
  private readonly edges: Edge[] = [];
  private readonly index: Flatbush | undefined;

  constructor(parent: Polygons) {
    const [w, s, e, n] = polygonsBounds(parent);
    this.lng0 = (w + e) / 2;
    this.lat0 = (s + n) / 2;
    const k = metresPerDegree(this.lat0);
    this.kx = k.x;
    this.ky = k.y;
    this.polygonsM = this.toM(parent);
    for (const rings of this.polygonsM) {
      for (const ring of rings) {
        for (let i = 0; i + 1 < ring.length; i++) this.edges.push([ring[i]![0], ring[i]![1], ring[i + 1]![0], ring[i + 1]![1]]);
      }
    }
    if (this.edges.length > 0) {
      const index = new Flatbush(this.edges.length);
      for (const [x0, y0, x1, y1] of this.edges) index.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
      index.finish();
      this.index = index;
    }
  }

  /**
   * Measures the part of `child` (WGS-84) outside this parent.
   *
   * Most children lie well inside: when no child edge meets a parent edge (asked of the edge
   * index, O(n log m)) and a child vertex is inside the parent with no parent hole inside the
   * child, the answer is "nothing outside" without clipping. Otherwise the outside part is the
   * polygon-clipping difference child − parent (a sweep line, O((n + m + k) log(n + m))), and
   * its reach is the largest distance from a vertex or edge midpoint of that part to the nearest
   * parent edge. A point deep inside a wide outside part, away from its edges, can be farther
   * still, so the reach is a lower bound, exact for the usual slivers and spikes.
   */
  outside(child: Polygons): Outside {
    const childM = this.toM(child);
    const childArea = area(childM);
    if (childArea === 0 || !this.index) return { fraction: 0, farthestM: 0 };
    if (this.clearlyInside(childM)) return { fraction: 0, farthestM: 0 };
    const diff = polygonClipping.difference(childM, this.polygonsM);
    const outsideArea = area(diff);
    if (outsideArea === 0) return { fraction: 0, farthestM: 0 };
    let farthestM = 0;
    for (const rings of diff) {
      for (const ring of rings) {
        for (let i = 0; i + 1 < ring.length; i++) {
          const [x0, y0] = ring[i]!;
          const [x1, y1] = ring[i + 1]!;
          farthestM = Math.max(farthestM, this.distance(x0, y0), this.distance((x0 + x1) / 2, (y0 + y1) / 2));
        }
      }
    }
    return { fraction: Math.min(1, outsideArea / childArea), farthestM };
  }

  private clearlyInside(childM: Mp): boolean {
    const index = this.index!;
    for (const rings of childM) {
      for (const ring of rings) {
        for (let i = 0; i + 1 < ring.length; i++) {
          const p = ring[i]!;
          const q = ring[i + 1]!;
          const near = index.search(Math.min(p[0], q[0]), Math.min(p[1], q[1]), Math.max(p[0], q[0]), Math.max(p[1], q[1]));
          for (const j of near) {
            const [x0, y0, x1, y1] = this.edges[j]!;
            if (meet(p, q, [x0, y0], [x1, y1])) return false;
          }
        }
      }
    }
    const first = childM[0]?.[0]?.[0];
    if (!first || !inPolygons(first[0], first[1], this.polygonsM)) return false;
    // A parent hole wholly inside the child would be outside the parent without any edge meeting.
    for (const rings of this.polygonsM) {
      for (const hole of rings.slice(1)) {
        const h = hole[0];
        if (h && inPolygons(h[0], h[1], childM)) return false;
      }
    }
    return true;
  }

  /** Exact distance to the nearest parent edge: the nearest box bounds it, then every box within that bound is tried. */
  private distance(x: number, y: number): number {
    const index = this.index!;
    const [nearest] = index.neighbors(x, y, 1);
    let best = segmentDistance(x, y, this.edges[nearest!]!);
    for (const i of index.neighbors(x, y, Infinity, best)) best = Math.min(best, segmentDistance(x, y, this.edges[i]!));
    return best;
  }

  private toM(polygons: Polygons): Mp {
    return polygons.map((rings) => rings.map((ring) => ring.map(([lng, lat]) => [(lng - this.lng0) * this.kx, (lat - this.lat0) * this.ky] as [number, number])));
  }
}

/** Measures the part of `child` outside `parent` (both WGS-84); see `ParentOutline.outside`. */
export function outsideOf(child: Polygons, parent: Polygons): Outside {
  return new ParentOutline(parent).outside(child);
}

/** Whether the outside part is beyond the tolerance (large and far). */
export function beyondTolerance(outside: Outside): boolean {
  return outside.fraction > OUTSIDE_AREA_TOLERANCE && outside.farthestM > OUTSIDE_DISTANCE_TOLERANCE_M;
}

/** Area of a multipolygon (outer rings minus holes), in the frame's units squared. */
function area(polygons: Mp): number {
  let total = 0;
  for (const rings of polygons) {
    rings.forEach((ring, i) => {
      let a = 0;
      for (let p = 0, q = ring.length - 1; p < ring.length; q = p++) a += (ring[q]![0] - ring[p]![0]) * (ring[q]![1] + ring[p]![1]);
      total += (i === 0 ? 1 : -1) * Math.abs(a / 2);
    });
  }
  return Math.max(0, total);
}

function segmentDistance(x: number, y: number, [x0, y0, x1, y1]: Readonly<Edge>): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / len2));
  return Math.hypot(x - (x0 + t * dx), y - (y0 + t * dy));
}
