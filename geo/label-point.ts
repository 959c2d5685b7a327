import polylabel from 'polylabel';
import { ringAreaM2 } from './measure';
import type { PolygonRings } from './polygon';

/**
 * Where a scope's name goes: the point of its largest polygon farthest from every edge (the pole
 * of inaccessibility), so labels sit inside odd shapes instead of on a centroid outside them.
 */
export function labelPoint(polygons: readonly PolygonRings[]): [number, number] {
  let best: PolygonRings | undefined;
  let bestArea = -1;
  for (const rings of polygons) {
    const a = ringAreaM2(rings[0] ?? []);
    if (a > bestArea) {
      bestArea = a;
      best = rings;
    }
  }
  if (!best) return [0, 0];
  // About 1 m of precision in degrees.
  const p = polylabel(best as unknown as number[][][], 1e-5);
  return [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];
}
