import polygonClipping from 'polygon-clipping';
import type { PolygonRings } from './polygon';

/** Polygons as plain mutable arrays, the form polygon-clipping takes and returns. */
type Mp = [number, number][][][];

/** The intersection of two multipolygons (each as a list of polygons). */
export function intersect(a: readonly PolygonRings[], b: readonly PolygonRings[]): PolygonRings[] {
  if (a.length === 0 || b.length === 0) return [];
  return polygonClipping.intersection(a as Mp, b as Mp);
}

/** `a` minus `b`. */
export function subtract(a: readonly PolygonRings[], b: readonly PolygonRings[]): PolygonRings[] {
  if (a.length === 0) return [];
  if (b.length === 0) return [...a];
  return polygonClipping.difference(a as Mp, b as Mp);
}

/**
 * The parts of the segment p→q inside the multipolygon (even-odd over all rings), as parameter
 * intervals [t0, t1] along the segment. Used to cut road lines at scope boundaries.
 */
export function clipSegment(p: readonly [number, number], q: readonly [number, number], polygons: readonly PolygonRings[]): [number, number][] {
  const ts: number[] = [0, 1];
  const dx = q[0] - p[0];
  const dy = q[1] - p[1];
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const a = ring[j]!;
        const b = ring[i]!;
        const ex = b[0] - a[0];
        const ey = b[1] - a[1];
        const den = dx * ey - dy * ex;
        if (den === 0) continue;
        const t = ((a[0] - p[0]) * ey - (a[1] - p[1]) * ex) / den;
        const u = ((a[0] - p[0]) * dy - (a[1] - p[1]) * dx) / den;
        if (t > 0 && t < 1 && u >= 0 && u <= 1) ts.push(t);
      }
    }
  }
  ts.sort((x, y) => x - y);
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < ts.length; i++) {
    const t0 = ts[i]!;
    const t1 = ts[i + 1]!;
    if (t1 - t0 < 1e-12) continue;
    const tm = (t0 + t1) / 2;
    if (insideAny(p[0] + dx * tm, p[1] + dy * tm, polygons)) {
      const last = out[out.length - 1];
      if (last && Math.abs(last[1] - t0) < 1e-12) last[1] = t1;
      else out.push([t0, t1]);
    }
  }
  return out;
}

function insideAny(x: number, y: number, polygons: readonly PolygonRings[]): boolean {
  let inside = false;
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!;
        const [xj, yj] = ring[j]!;
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}
