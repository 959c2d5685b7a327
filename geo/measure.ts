/**
 * Distances and areas on the WGS-84 sphere, accurate enough for a district (a few km to 100 km):
 * a local equirectangular projection around the latitude of interest.
 */
const EARTH_RADIUS_M = 6_371_008.8;
const DEG = Math.PI / 180;

/** Metres per degree of longitude and of latitude at `lat`. */
export function metresPerDegree(lat: number): { x: number; y: number } {
  const y = EARTH_RADIUS_M * DEG;
  return { x: y * Math.cos(lat * DEG), y };
}

/**
 * Area of a ring in m², unsigned: the spherical formula of Chamberlain & Duquette (NASA JPL,
 * 2007), as in mapbox/geojson-area. It is additive: rings sharing edges sum to their union.
 */
export function ringAreaM2(ring: readonly (readonly [number, number])[]): number {
  const n = ring.length;
  if (n < 3) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const p1 = ring[i]!;
    const p2 = ring[(i + 1) % n]!;
    const p3 = ring[(i + 2) % n]!;
    total += (p3[0] - p1[0]) * DEG * Math.sin(p2[1] * DEG);
  }
  return Math.abs((total * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
}

/** Area of a multipolygon in m² (outer rings minus holes). */
export function polygonsAreaM2(polygons: readonly (readonly (readonly (readonly [number, number])[])[])[]): number {
  let total = 0;
  for (const rings of polygons) {
    rings.forEach((ring, i) => {
      total += i === 0 ? ringAreaM2(ring) : -ringAreaM2(ring);
    });
  }
  return total;
}
