import { centroidOf, type BuildingColumns } from '@geo/buildings';
import { randomPointIn, type PolygonRings } from '@geo/polygon';
import { ringAreaM2 } from '@geo/measure';
import type { Random } from '@geo/random';

/** Where simulated incidents happen: a point drawn at random. */
export type PlaceSampler = (random: Random) => [number, number];

/** Anywhere in the area, uniformly (the simulator's fallback when it knows no buildings). */
export function uniformIn(polygons: readonly PolygonRings[]): PlaceSampler {
  const weights = polygons.map((rings) => ringAreaM2(rings[0] ?? []));
  const total = weights.reduce((a, b) => a + b, 0);
  return (random) => {
    let r = random() * total;
    const i = Math.max(0, weights.findIndex((w) => (r -= w) < 0));
    return randomPointIn(polygons[i]!, random);
  };
}

/**
 * Near a random building, about 30 m around it: incidents follow where people live and work, so
 * towns get many and fields few.
 */
export function nearBuildings(buildings: BuildingColumns): PlaceSampler {
  return (random) => {
    const [lng, lat] = centroidOf(buildings, Math.floor(random() * buildings.count));
    return [lng + (random() - 0.5) * 0.0006, lat + (random() - 0.5) * 0.0005];
  };
}
