import Flatbush from 'flatbush';
import { fromGeojsonVt, type VtFeature } from 'vt-pbf';
import { EXTENT, tileBounds, tileProjector } from './mercator';

/** Arterials are drawn from the district view; local streets only when zoomed in. */
export const LOCAL_STREET_MIN_ZOOM = 13;
export const ROAD_MAX_ZOOM = 16;

/** Tile units kept beyond the tile's edge, so line joins at the edge draw cleanly. */
const BUFFER = 64;

/**
 * Vector tiles of the road network (layer `roads`, properties `kind` and `name`): every road whose
 * bounds touch the tile, clipped to the tile plus a small buffer (long arterials would otherwise
 * overflow the tile's coordinate range at close zoom).
 */
export class RoadTiles {
  private readonly index: Flatbush;

  constructor(private readonly roads: readonly { kind: string; name: string; points: readonly [number, number][] }[]) {
    this.index = new Flatbush(Math.max(1, roads.length));
    for (const r of roads) {
      let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const [x, y] of r.points) {
        w = Math.min(w, x);
        e = Math.max(e, x);
        s = Math.min(s, y);
        n = Math.max(n, y);
      }
      this.index.add(w, s, e, n);
    }
    if (roads.length === 0) this.index.add(0, 0, 0, 0);
    this.index.finish();
  }

  tile(z: number, x: number, y: number): Uint8Array | undefined {
    if (this.roads.length === 0) return undefined;
    const [w, s, e, n] = tileBounds(z, x, y);
    const hits = this.index.search(w, s, e, n, (i) => z >= LOCAL_STREET_MIN_ZOOM || this.roads[i]!.kind === 'arterial');
    if (hits.length === 0) return undefined;
    hits.sort((p, q) => p - q);
    const project = tileProjector(z, x, y);
    const features: VtFeature[] = [];
    for (const i of hits) {
      const r = this.roads[i]!;
      const lines = clipLine(r.points.map(([lng, lat]) => project(lng, lat)), -BUFFER, EXTENT + BUFFER);
      if (lines.length > 0) features.push({ type: 2, geometry: lines, tags: { kind: r.kind, name: r.name } });
    }
    if (features.length === 0) return undefined;
    return fromGeojsonVt({ roads: { features } }, { version: 2, extent: EXTENT });
  }
}

/** The parts of a polyline inside the square [lo, hi]² (Liang–Barsky per segment, joined). */
export function clipLine(points: readonly [number, number][], lo: number, hi: number): [number, number][][] {
  const out: [number, number][][] = [];
  let current: [number, number][] = [];
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1]!;
    const [x1, y1] = points[i]!;
    const dx = x1 - x0;
    const dy = y1 - y0;
    let t0 = 0;
    let t1 = 1;
    let inside = true;
    for (const [p, q] of [
      [-dx, x0 - lo],
      [dx, hi - x0],
      [-dy, y0 - lo],
      [dy, hi - y0],
    ] as const) {
      if (p === 0) {
        if (q < 0) inside = false;
      } else {
        const t = q / p;
        if (p < 0) t0 = Math.max(t0, t);
        else t1 = Math.min(t1, t);
      }
    }
    if (!inside || t0 > t1) {
      if (current.length > 1) out.push(current);
      current = [];
      continue;
    }
    const a: [number, number] = [Math.round(x0 + dx * t0), Math.round(y0 + dy * t0)];
    const b: [number, number] = [Math.round(x0 + dx * t1), Math.round(y0 + dy * t1)];
    if (current.length === 0 || t0 > 0) {
      if (current.length > 1) out.push(current);
      current = [a];
    }
    current.push(b);
    if (t1 < 1) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 1) out.push(current);
  return out;
}
