import { centroidOf, rentalLevelOf, type BuildingColumns } from '@geo/buildings';
import type { Random } from '@geo/random';
import type { CameraRecord, KeyPersonRecord, StaffRecord } from '@geo/registers';
import { buildingId, GENERATOR_VERSION, type Scenario } from '@geo/scenarios/generate';
import type { Building, RentalLevel, Scope } from '@geo/territory';
import { pickOne } from './keyed-random';

/** A rental building (出租屋) as the patrol simulation needs it. */
export interface SimRental {
  buildingId: string;
  level: RentalLevel;
  gridCode: string;
  location: [number, number];
}

/** A key person as the register holds them: an update resends the whole record. */
export type SimPerson = Pick<KeyPersonRecord, 'personId' | 'categories' | 'buildingId' | 'name' | 'idNumber' | 'phone'>;

/** What the simulation knows of the territory and the registers: what an upstream system would know. */
export interface SimWorld {
  /** Names the territory and registers; part of the run id, so another world never reuses an event id. */
  fingerprint: string;
  districtCode: string;
  /** A place where something happens: near a building, weighted as buildings are; with its grid when known. */
  place(random: Random): { location: [number, number]; gridCode: string | undefined };
  cameras: readonly Pick<CameraRecord, 'cameraId' | 'location' | 'online'>[];
  /** Grid workers' staff ids by grid code, and all of them (for a grid without its own worker). */
  workersByGrid: ReadonlyMap<string, readonly string[]>;
  workers: readonly string[];
  rentals: readonly SimRental[];
  keyPersons: readonly SimPerson[];
}

/** The world of a generated scenario, as the CLI regenerates it from the scenario's seed. */
export function worldFromScenario(s: Scenario): SimWorld {
  const rentals: SimRental[] = [];
  for (let i = 0; i < s.buildings.count; i++) {
    const level = rentalLevelOf(s.buildings.rental[i]!);
    if (level) rentals.push({ buildingId: buildingId(s.spec.districtCode, i), level, gridCode: s.grids[s.buildings.grid[i]!]!.code, location: round(centroidOf(s.buildings, i)) });
  }
  return buildWorld({
    fingerprint: `scenario:${s.spec.name}:seed=${s.spec.seed}:v${GENERATOR_VERSION}`,
    districtCode: s.spec.districtCode,
    buildings: s.buildings,
    grids: s.grids,
    cameras: s.cameras,
    staff: s.staff,
    keyPersons: s.keyPersons,
    rentals,
  });
}

/**
 * The world of a running server's stored territory (in-process simulator): buildings in columns,
 * the grid list they index, the registers stored with a generated scenario (empty for an imported
 * territory) and the rental buildings.
 */
export function worldFromTerritory(args: {
  fingerprint: string;
  districtCode: string;
  buildings: BuildingColumns;
  grids: readonly Scope[];
  cameras?: readonly CameraRecord[];
  staff?: readonly StaffRecord[];
  keyPersons?: readonly KeyPersonRecord[];
  rentals: Iterable<Building>;
}): SimWorld {
  const rentals: SimRental[] = [];
  for (const b of args.rentals) {
    if (b.rental) rentals.push({ buildingId: b.id, level: b.rental, gridCode: b.gridCode, location: round(ringCentroid(b.footprint)) });
  }
  return buildWorld({ ...args, cameras: args.cameras ?? [], staff: args.staff ?? [], keyPersons: args.keyPersons ?? [], rentals });
}

function buildWorld(args: {
  fingerprint: string;
  districtCode: string;
  buildings: BuildingColumns;
  grids: readonly Scope[];
  cameras: readonly CameraRecord[];
  staff: readonly StaffRecord[];
  keyPersons: readonly KeyPersonRecord[];
  rentals: SimRental[];
}): SimWorld {
  const workersByGrid = new Map<string, string[]>();
  const workers: string[] = [];
  for (const s of args.staff) {
    if (s.role !== 'worker') continue;
    workers.push(s.staffId);
    const list = workersByGrid.get(s.gridCode) ?? [];
    list.push(s.staffId);
    workersByGrid.set(s.gridCode, list);
  }
  return {
    fingerprint: args.fingerprint,
    districtCode: args.districtCode,
    place: placeSampler(args.buildings, args.grids),
    cameras: args.cameras.map((c) => ({ cameraId: c.cameraId, location: c.location, online: c.online })),
    workersByGrid,
    workers,
    rentals: args.rentals,
    keyPersons: args.keyPersons.map((p) => ({ personId: p.personId, categories: p.categories, buildingId: p.buildingId, name: p.name, idNumber: p.idNumber, phone: p.phone })),
  };
}

/**
 * About 30 m around a random building (incidents follow where people live and work), or, in a
 * territory without buildings, somewhere in a random grid's bounding box (its grid then unknown).
 */
function placeSampler(buildings: BuildingColumns, grids: readonly Scope[]): SimWorld['place'] {
  if (buildings.count === 0) {
    return (random) => {
      const [w, s, e, n] = grids.length > 0 ? pickOne(grids, random).bounds : [120.9, 31.9, 121.3, 32.2];
      return { location: round([w + (e - w) * random(), s + (n - s) * random()]), gridCode: undefined };
    };
  }
  return (random) => {
    const i = Math.floor(random() * buildings.count);
    const [lng, lat] = centroidOf(buildings, i);
    return { location: round([lng + (random() - 0.5) * 0.0006, lat + (random() - 0.5) * 0.0005]), gridCode: grids[buildings.grid[i]!]?.code };
  };
}

/** Six decimals (about 0.1 m), as GPS devices report. */
export function round([lng, lat]: readonly [number, number]): [number, number] {
  return [Math.round(lng * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
}

function ringCentroid(ring: readonly (readonly [number, number])[]): [number, number] {
  const n = Math.max(1, ring.length - 1);
  let x = 0;
  let y = 0;
  for (let i = 0; i < n; i++) {
    x += ring[i]![0];
    y += ring[i]![1];
  }
  return [x / n, y / n];
}
