import { Delaunay } from 'd3-delaunay';
import { intersect } from '../clip';
import { inPolygons } from '../locate';
import type { Random } from '../random';
import type { DensityField } from './density';

/** A multipolygon in the local metric frame. */
export type XYPolygons = [number, number][][][];

/**
 * Splits a region into cells around the seeds: the Voronoi cell of each seed clipped to the region.
 * Cells share their edges exactly (the Voronoi vertices are shared), and clipping to the region
 * makes them tile it: no gap, no overlap beyond floating-point noise.
 */
export function voronoiSplit(region: XYPolygons, seeds: readonly [number, number][]): XYPolygons[] {
  if (seeds.length === 1) return [region];
  const [w, s, e, n] = xyBounds(region);
  const pad = Math.max(e - w, n - s);
  const voronoi = Delaunay.from(seeds).voronoi([w - pad, s - pad, e + pad, n + pad]);
  return seeds.map((_, i) => {
    const cell = voronoi.cellPolygon(i) as [number, number][] | null;
    if (!cell) return [];
    return intersect([[cell]], region) as XYPolygons;
  });
}

/**
 * `n` seeds inside the region, denser where density is higher: each is the best of several
 * density-weighted candidates by distance to the seeds so far, scaled by √density (Mitchell's
 * best-candidate), so cells are regular but smaller in towns.
 */
export function densitySeeds(region: XYPolygons, n: number, density: DensityField, random: Random, candidates = 12): [number, number][] {
  const [w, s, e, nn] = xyBounds(region);
  let localMax = 0;
  for (let k = 0; k < 64; k++) localMax = Math.max(localMax, density.at(w + (e - w) * random(), s + (nn - s) * random()));
  localMax = Math.max(localMax * 1.3, density.base);
  const draw = (): [number, number] => {
    for (let attempt = 0; attempt < 100_000; attempt++) {
      const x = w + (e - w) * random();
      const y = s + (nn - s) * random();
      if (!inPolygons(x, y, region)) continue;
      if (attempt < 5_000 && random() * localMax > density.at(x, y)) continue;
      return [x, y];
    }
    throw new Error('could not place a seed inside a region (degenerate region?)');
  };
  const seeds: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    let best = draw();
    let bestScore = -1;
    for (let k = 0; i > 0 && k < candidates; k++) {
      const c = k === 0 ? best : draw();
      let d2 = Infinity;
      for (const q of seeds) d2 = Math.min(d2, (q[0] - c[0]) ** 2 + (q[1] - c[1]) ** 2);
      const score = Math.sqrt(d2) * Math.sqrt(density.at(c[0], c[1]));
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    seeds.push(best);
  }
  return seeds;
}

/** Lloyd relaxation: moves each seed to its cell's centroid, `iterations` times (evens out sizes). */
export function relax(region: XYPolygons, seeds: [number, number][], iterations: number): [number, number][] {
  let current = seeds;
  for (let it = 0; it < iterations; it++) {
    current = voronoiSplit(region, current).map((cell, i) => centroidXY(cell) ?? current[i]!);
  }
  return current;
}

/** Area-weighted centroid of a multipolygon (holes subtract), or `undefined` when empty. */
export function centroidXY(polygons: XYPolygons): [number, number] | undefined {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [x0, y0] = ring[j]!;
        const [x1, y1] = ring[i]!;
        const f = x0 * y1 - x1 * y0;
        a += f;
        cx += (x0 + x1) * f;
        cy += (y0 + y1) * f;
      }
    }
  }
  if (Math.abs(a) < 1e-9) return undefined;
  return [cx / (3 * a), cy / (3 * a)];
}

/** Area in m² of a multipolygon in the local frame (signed rings summed, so holes subtract). */
export function areaXY(polygons: XYPolygons): number {
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

export function xyBounds(polygons: XYPolygons): [number, number, number, number] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const rings of polygons) {
    for (const [x, y] of rings[0] ?? []) {
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    }
  }
  return [w, s, e, n];
}

/**
 * Splits `total` into whole shares proportional to `weights`, each at least `min`
 * (largest-remainder method, deterministic).
 */
export function allocate(total: number, weights: readonly number[], min = 1): number[] {
  const k = weights.length;
  const free = total - min * k;
  if (free < 0) throw new Error(`cannot give ${k} parts at least ${min} each out of ${total}`);
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const exact = weights.map((w) => (w / sum) * free);
  const out = exact.map((x) => min + Math.floor(x));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let j = 0; left > 0; j = (j + 1) % k, left--) out[order[j]![1]]! += 1;
  return out;
}
