import type { Bounds } from './lnglat';

/** A GeoJSON polygon's rings (outer first, then holes), each ring closed, `[lng, lat]` pairs. */
export type PolygonRings = readonly (readonly (readonly [number, number])[])[];

/** Bounds of a polygon's outer ring. */
export function polygonBounds(rings: PolygonRings): Bounds {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const [lng, lat] of rings[0] ?? []) {
    if (lng < west) west = lng;
    if (lng > east) east = lng;
    if (lat < south) south = lat;
    if (lat > north) north = lat;
  }
  return [west, south, east, north];
}

/** Whether a point lies inside a polygon (even-odd rule over all rings, so holes are excluded). */
export function pointInPolygon(lng: number, lat: number, rings: PolygonRings): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Twice the signed area of a ring in degrees² (positive when counter-clockwise). */
export function ringSignedArea2(ring: readonly (readonly [number, number])[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    a += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  }
  return a;
}

/** The rings wound as RFC 7946 asks: outer ring counter-clockwise, holes clockwise. */
export function rewindRfc7946(rings: PolygonRings): [number, number][][] {
  return rings.map((ring, i) => {
    const copy = ring.map(([x, y]) => [x, y] as [number, number]);
    const ccw = ringSignedArea2(ring) > 0;
    return (i === 0) === ccw ? copy : copy.reverse();
  });
}

/** A uniformly random point inside the polygon (rejection sampling within its bounds). */
export function randomPointIn(rings: PolygonRings, random: () => number): [number, number] {
  const [w, s, e, n] = polygonBounds(rings);
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const lng = w + (e - w) * random();
    const lat = s + (n - s) * random();
    if (pointInPolygon(lng, lat, rings)) return [lng, lat];
  }
  throw new Error('could not place a point inside the polygon (degenerate polygon?)');
}

/** Bounds of a multipolygon's outer rings. */
export function polygonsBounds(polygons: readonly PolygonRings[]): Bounds {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const rings of polygons) {
    const [pw, ps, pe, pn] = polygonBounds(rings);
    if (pw < w) w = pw;
    if (ps < s) s = ps;
    if (pe > e) e = pe;
    if (pn > n) n = pn;
  }
  return [w, s, e, n];
}
