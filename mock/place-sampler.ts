import { centroidOf, type BuildingColumns } from '@geo/buildings';
import type { Random } from '@geo/random';

/** Where simulated incidents happen: a point drawn at random. */
export type PlaceSampler = (random: Random) => [number, number];

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
