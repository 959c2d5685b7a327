import { intersect, subtract } from '../../geo/clip';
import type { PolygonRings } from '../../geo/polygon';
import type { Scope } from '../../geo/territory';

/**
 * How well children tile their parent: area of gaps, of overlaps, and the children's total area,
 * each relative to the parent's. Areas are planar in degrees², which is exactly additive (a
 * spherical formula is not, where one side of a shared edge has a vertex the other lacks).
 */
export function tilingError(parent: Scope, children: readonly Scope[]): { gap: number; overlap: number; areaRatio: number; gapM2: number; overlapM2: number } {
  const parentArea = planarArea(parent.polygons);
  let rest = [...parent.polygons];
  let childArea = 0;
  for (const c of children) {
    childArea += planarArea(c.polygons);
    rest = subtract(rest, c.polygons);
  }
  let overlap = 0;
  for (let i = 0; i < children.length; i++) {
    for (let j = i + 1; j < children.length; j++) {
      const a = children[i]!;
      const b = children[j]!;
      if (a.bounds[0] > b.bounds[2] || b.bounds[0] > a.bounds[2] || a.bounds[1] > b.bounds[3] || b.bounds[1] > a.bounds[3]) continue;
      overlap += planarArea(intersect(a.polygons, b.polygons));
    }
  }
  const gap = planarArea(rest);
  // Square degrees to m² at the parent's latitude (≈ 1.1e10 · cos φ): for absolute limits.
  const lat = ((parent.bounds[1] + parent.bounds[3]) / 2) * (Math.PI / 180);
  const m2 = 111_195 * 111_195 * Math.cos(lat);
  return { gap: gap / parentArea, overlap: overlap / parentArea, areaRatio: childArea / parentArea, gapM2: gap * m2, overlapM2: overlap * m2 };
}

export function planarArea(polygons: readonly PolygonRings[]): number {
  let total = 0;
  for (const rings of polygons) {
    rings.forEach((ring, r) => {
      let a = 0;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
      total += r === 0 ? Math.abs(a) / 2 : -Math.abs(a) / 2;
    });
  }
  return total;
}
