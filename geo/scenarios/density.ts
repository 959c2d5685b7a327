import type { Random } from '../random';

/** A town centre: where density peaks. `weight` is the peak, `sigma` the spread in metres. */
export interface TownCentre {
  x: number;
  y: number;
  weight: number;
  sigma: number;
}

/**
 * Population density (relative, 0..~1.1) over the district: a rural base plus a Gaussian bump
 * per town centre, the district seat the largest. Drives community and grid sizes, building
 * counts and heights, and where incidents and cameras fall.
 */
export class DensityField {
  readonly max: number;

  constructor(
    readonly centres: readonly TownCentre[],
    readonly base = 0.035,
  ) {
    let max = base;
    for (const c of centres) max = Math.max(max, this.at(c.x, c.y));
    this.max = max;
  }

  at(x: number, y: number): number {
    let d = this.base;
    for (const c of this.centres) {
      const dx = x - c.x;
      const dy = y - c.y;
      d += c.weight * Math.exp(-(dx * dx + dy * dy) / (2 * c.sigma * c.sigma));
    }
    return d;
  }

  /** 0 (open country) to 1 (the seat's core). */
  urbanity(x: number, y: number): number {
    return Math.min(1, (this.at(x, y) - this.base) / (this.max - this.base));
  }
}

/** Centres for street seats: the first is the district seat, larger and denser. */
export function townCentres(seats: readonly [number, number][], random: Random, seatSigma: number, townSigma: number): TownCentre[] {
  return seats.map(([x, y], i) =>
    i === 0
      ? { x, y, weight: 1, sigma: seatSigma }
      : { x, y, weight: 0.35 + 0.35 * random(), sigma: townSigma * (0.7 + 0.6 * random()) },
  );
}
