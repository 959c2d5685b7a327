import type { BuildingColumns } from '../buildings';
import type { Random } from '../random';
import { weightedPick } from '../random';
import {
  type CameraRecord,
  type KeyPersonRecord,
  type KeyPopulationCategory,
  type StaffRecord,
} from '../registers';
import type { Scope } from '../territory';
import { birthDate, mobilePhone, personName, residentId } from './people';
import type { RoadXY } from './roads';
import type { LocalFrame } from './local-frame';
import type { DensityField } from './density';
import type { LevelLocator } from '../locate';

/** One grid chief and one grid worker per grid (a second worker in busy grids), as the documents describe. */
export function generateStaff(grids: readonly Scope[], gridUrbanity: readonly number[], random: Random): StaffRecord[] {
  const out: StaffRecord[] = [];
  grids.forEach((g, i) => {
    const workers = gridUrbanity[i]! > 0.5 && random() < 0.4 ? 2 : 1;
    out.push({ staffId: `S${g.code}01`, name: personName(random), role: 'chief', gridCode: g.code, phone: mobilePhone(random) });
    for (let k = 0; k < workers; k++) {
      out.push({ staffId: `S${g.code}${String(k + 2).padStart(2, '0')}`, name: personName(random), role: 'worker', gridCode: g.code, phone: mobilePhone(random) });
    }
  });
  return out;
}

/** Shares of key-population categories (a person may hold a second category). */
const CATEGORY_WEIGHTS: Record<KeyPopulationCategory, number> = {
  'elderly-alone': 20,
  'empty-nest': 20,
  'left-behind-child': 9,
  'disabled': 13,
  'hardship': 8,
  'single-parent': 5,
  'idle-youth': 5,
  'pregnant': 4,
  'chronic': 14,
  'home-treatment': 2,
};

/** Ages that make sense for a category. */
const AGES: Record<KeyPopulationCategory, [number, number]> = {
  'elderly-alone': [65, 95],
  'empty-nest': [60, 90],
  'left-behind-child': [3, 16],
  'disabled': [8, 85],
  'hardship': [25, 80],
  'single-parent': [25, 50],
  'idle-youth': [16, 25],
  'pregnant': [20, 40],
  'chronic': [40, 90],
  'home-treatment': [30, 90],
};

/**
 * Key-population records placed in buildings in proportion to residents, each with a valid ID
 * number for its district and an age that fits its category.
 */
export function generateKeyPersons(args: {
  count: number;
  districtCode: string;
  buildings: BuildingColumns;
  buildingId: (index: number) => string;
  grids: readonly Scope[];
  today: Date;
  random: Random;
}): KeyPersonRecord[] {
  const { buildings, random } = args;
  const cumulative = new Float64Array(buildings.count);
  let total = 0;
  for (let i = 0; i < buildings.count; i++) {
    total += buildings.residents[i]!;
    cumulative[i] = total;
  }
  const out: KeyPersonRecord[] = [];
  for (let n = 0; n < args.count && total > 0; n++) {
    const b = upperBound(cumulative, random() * total);
    const first = weightedPick(CATEGORY_WEIGHTS, random);
    const categories: KeyPopulationCategory[] = [first];
    if (random() < 0.12) {
      const second = weightedPick(CATEGORY_WEIGHTS, random);
      if (second !== first && compatible(first, second)) categories.push(second);
    }
    const [minAge, maxAge] = AGES[first];
    const male = first === 'pregnant' ? false : random() < 0.5;
    out.push({
      personId: `P${args.districtCode}${String(n + 1).padStart(7, '0')}`,
      categories,
      buildingId: args.buildingId(b),
      gridCode: args.grids[buildings.grid[b]!]!.code,
      name: personName(random),
      idNumber: residentId(args.districtCode, birthDate(args.today, minAge, maxAge, random), random, male),
      phone: mobilePhone(random),
    });
  }
  return out;
}

/** Categories that can be held together (a child is not also elderly, and so on). */
function compatible(a: KeyPopulationCategory, b: KeyPopulationCategory): boolean {
  const [a0, a1] = AGES[a];
  const [b0, b1] = AGES[b];
  return Math.max(a0, b0) < Math.min(a1, b1) && !(a === 'elderly-alone' && b === 'empty-nest') && !(a === 'empty-nest' && b === 'elderly-alone');
}

/**
 * Cameras at street corners in the towns and along the arterials, about one in six on an
 * arterial. Most point to an HLS stream (the platform's gateway), some to RTSP or a GB/T 28181
 * channel, which browsers cannot play directly.
 */
export function generateCameras(args: {
  count: number;
  districtCode: string;
  roads: readonly RoadXY[];
  frame: LocalFrame;
  density: DensityField;
  grids: LevelLocator;
  hlsUrl: (cameraId: string) => string;
  random: Random;
}): CameraRecord[] {
  const { roads, random, frame, density } = args;
  const arterials = roads.filter((r) => r.kind === 'arterial');
  const locals = roads.filter((r) => r.kind === 'local');
  const weights = new Float64Array(locals.length);
  let total = 0;
  locals.forEach((r, i) => {
    const p = r.points[0]!;
    total += density.at(p[0], p[1]) ** 2;
    weights[i] = total;
  });
  const out: CameraRecord[] = [];
  const used = new Set<string>();
  for (let attempt = 0; out.length < args.count && attempt < args.count * 20; attempt++) {
    let road: RoadXY;
    let point: [number, number];
    let place: string;
    if (arterials.length > 0 && random() < 0.17) {
      road = arterials[Math.floor(random() * arterials.length)]!;
      point = road.points[Math.floor(random() * road.points.length)]!;
      place = `${road.name}${Math.floor(random() * 90) + 1}公里处`;
    } else if (locals.length > 0) {
      road = locals[upperBound(weights, random() * total)]!;
      const end = random() < 0.5 ? 0 : road.points.length - 1;
      point = road.points[end]!;
      place = `${road.name}路口`;
    } else break;
    const key = `${Math.round(point[0])},${Math.round(point[1])}`;
    if (used.has(key)) continue;
    used.add(key);
    const [lng, lat] = frame.toLngLatRounded(point[0], point[1]);
    const grid = args.grids.locate(lng, lat);
    if (!grid) continue;
    const n = out.length + 1;
    const cameraId = `C${args.districtCode}${String(n).padStart(6, '0')}`;
    const r = random();
    out.push({
      cameraId,
      name: place,
      location: [lng, lat],
      gridCode: grid.code,
      stream:
        r < 0.6
          ? { kind: 'hls', url: args.hlsUrl(cameraId) }
          : r < 0.9
            ? { kind: 'rtsp', url: `rtsp://10.${32 + Math.floor(random() * 8)}.${Math.floor(random() * 250)}.${Math.floor(random() * 250) + 2}:554/Streaming/Channels/101` }
            : { kind: 'gb28181', channelId: `${args.districtCode}00001320${String(n).padStart(6, '0')}` },
      online: random() > 0.03,
    });
  }
  return out;
}

/** First index whose cumulative value exceeds `v` (binary search). */
function upperBound(cumulative: Float64Array, v: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
