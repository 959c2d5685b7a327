import { RENTAL_LEVELS, type RentalLevel } from './territory';

/**
 * Buildings in columns (one typed array per attribute), the form that holds a city's 1.7 M
 * buildings in memory and hands them to indexes and tiles without an object per building.
 *
 * - footprint i: vertices `ringStart[i] .. ringStart[i+1]-1` of `coords` (lng, lat pairs), a closed
 *   ring wound counter-clockwise.
 * - rental: 0 for not a rental building, else 1 + the index of its level in `RENTAL_LEVELS`.
 * - grid: index of the building's grid in the territory's grid list.
 */
export interface BuildingColumns {
  count: number;
  ringStart: Uint32Array;
  coords: Float64Array;
  floors: Uint8Array;
  households: Uint16Array;
  residents: Uint16Array;
  rental: Uint8Array;
  grid: Uint32Array;
}

export function rentalLevelOf(code: number): RentalLevel | undefined {
  return code === 0 ? undefined : RENTAL_LEVELS[code - 1];
}

export function rentalCode(level: RentalLevel | undefined): number {
  return level === undefined ? 0 : RENTAL_LEVELS.indexOf(level) + 1;
}

/** Appends buildings into growing typed arrays; `finish` trims them. */
export class BuildingColumnsBuilder {
  private n = 0;
  private v = 0;
  private ringStart = new Uint32Array(1024);
  private coords = new Float64Array(8192);
  private floors = new Uint8Array(1024);
  private households = new Uint16Array(1024);
  private residents = new Uint16Array(1024);
  private rental = new Uint8Array(1024);
  private grid = new Uint32Array(1024);

  get count(): number {
    return this.n;
  }

  /** Adds a building; `ring` is a closed ring of lng/lat pairs. Returns its index. */
  add(ring: readonly (readonly [number, number])[], floors: number, households: number, residents: number, rental: number, grid: number): number {
    if (this.n + 2 > this.ringStart.length) this.growRows();
    while (this.v + ring.length > this.coords.length / 2) this.coords = grow(this.coords, this.coords.length * 2);
    this.ringStart[this.n] = this.v;
    for (const [lng, lat] of ring) {
      this.coords[this.v * 2] = lng;
      this.coords[this.v * 2 + 1] = lat;
      this.v += 1;
    }
    this.floors[this.n] = Math.min(255, floors);
    this.households[this.n] = Math.min(65535, households);
    this.residents[this.n] = Math.min(65535, residents);
    this.rental[this.n] = rental;
    this.grid[this.n] = grid;
    this.n += 1;
    this.ringStart[this.n] = this.v;
    return this.n - 1;
  }

  finish(): BuildingColumns {
    return {
      count: this.n,
      ringStart: this.ringStart.slice(0, this.n + 1),
      coords: this.coords.slice(0, this.v * 2),
      floors: this.floors.slice(0, this.n),
      households: this.households.slice(0, this.n),
      residents: this.residents.slice(0, this.n),
      rental: this.rental.slice(0, this.n),
      grid: this.grid.slice(0, this.n),
    };
  }

  private growRows(): void {
    const size = this.ringStart.length * 2;
    this.ringStart = grow(this.ringStart, size);
    this.floors = grow(this.floors, size);
    this.households = grow(this.households, size);
    this.residents = grow(this.residents, size);
    this.rental = grow(this.rental, size);
    this.grid = grow(this.grid, size);
  }
}

/** The footprint of building i as a ring of pairs (allocates; for single buildings, not bulk work). */
export function footprintOf(b: BuildingColumns, i: number): [number, number][] {
  const out: [number, number][] = [];
  for (let k = b.ringStart[i]!; k < b.ringStart[i + 1]!; k++) out.push([b.coords[k * 2]!, b.coords[k * 2 + 1]!]);
  return out;
}

/** Centroid of building i's footprint (vertex mean, excluding the closing vertex). */
export function centroidOf(b: BuildingColumns, i: number): [number, number] {
  const s = b.ringStart[i]!;
  const e = b.ringStart[i + 1]! - 1;
  let x = 0;
  let y = 0;
  for (let k = s; k < e; k++) {
    x += b.coords[k * 2]!;
    y += b.coords[k * 2 + 1]!;
  }
  const n = Math.max(1, e - s);
  return [x / n, y / n];
}

function grow<T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
