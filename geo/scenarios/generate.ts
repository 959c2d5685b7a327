import { BuildingColumnsBuilder, type BuildingColumns } from '../buildings';
import { LevelLocator } from '../locate';
import { polygonsBounds, type PolygonRings } from '../polygon';
import { seededRandom, type Random } from '../random';
import type { CameraRecord, KeyPersonRecord, StaffRecord } from '../registers';
import type { Scope, Territory } from '../territory';
import { generateCameras, generateKeyPersons, generateStaff } from './generate-registers';
import { generateScopes } from './generate-scopes';
import { LocalFrame } from './local-frame';
import { buildingSlots, placeBuildings, spacingFor, type CommunityLayout } from './place-buildings';
import { SegmentGrid } from './segment-grid';
import { arterials, latticeFor, localStreets, type RoadXY } from './roads';
import type { ScenarioSpec } from './specs';
import { allocate } from './voronoi-split';

/** Bump when the generator's output changes, so cached scenarios are regenerated. */
export const GENERATOR_VERSION = 2;

/** Where the demo cameras' HLS pointers lead: the test clip the server serves (server/http/media-router.ts). */
export const DEMO_HLS_URL = '/media/test-clip/index.m3u8';

/** Reference date for ages in the registers: fixed, so output does not depend on the day it runs. */
const REFERENCE_DATE = new Date(Date.UTC(2026, 0, 1));

export interface Road {
  kind: 'arterial' | 'local';
  name: string;
  /** WGS-84 polyline. */
  points: [number, number][];
}

/** Everything a built-in scenario yields: the territory, a basemap, and the base registers. */
export interface Scenario {
  spec: ScenarioSpec;
  territory: Territory;
  roads: Road[];
  /** Grids in the order `buildings.grid` indexes them. */
  grids: Scope[];
  buildings: BuildingColumns;
  /** Address parts of each building: road name (index into `roadNames`) and house number. */
  addressRoad: Uint32Array;
  addressNumber: Uint16Array;
  roadNames: string[];
  staff: StaffRecord[];
  keyPersons: KeyPersonRecord[];
  cameras: CameraRecord[];
}

/** Generates a scenario from its spec and the district's real outline (WGS-84). Deterministic. */
export function generateScenario(spec: ScenarioSpec, outline: readonly PolygonRings[]): Scenario {
  const random = seededRandom(spec.seed);
  const [w, s, e, n] = polygonsBounds(outline);
  const frame = new LocalFrame((w + e) / 2, (s + n) / 2);
  const gen = generateScopes(spec, outline, frame, random);
  const [districts, streets, communities, grids, microGrids] = gen.levels as [typeof gen.levels[0], typeof gen.levels[0], typeof gen.levels[0], typeof gen.levels[0], typeof gen.levels[0]];
  const scopes = [...districts, ...streets, ...communities, ...grids, ...microGrids].map((g) => g.scope);
  const territory: Territory = { district: districts[0]!.scope, scopes };
  const gridScopes = grids.map((g) => g.scope);
  const gridLocator = new LevelLocator(gridScopes);

  // Roads: arterials between towns, then each community's street lattice.
  const roadsXY: RoadXY[] = arterials(gen.centres, districts[0]!.xy, gen.streetStems, random);
  const arterialGrid = new SegmentGrid();
  for (const r of roadsXY) arterialGrid.add(r.points);
  const streetAngle = new Map(streets.map((st) => [st.scope.code, random() * Math.PI] as const));
  const layouts: CommunityLayout[] = communities.map((c) => {
    const lattice = latticeFor(streetAngle.get(c.scope.parent!)!, spacingFor(c.urbanity) * spec.spacingScale, random);
    const { front, cross } = localStreets(c.xy, c.stem, lattice);
    roadsXY.push(...front, ...cross);
    return { community: c.xy, frontStreets: front, spacing: lattice.spacing, arterials: arterialGrid, villages: spec.villages };
  });

  // Buildings: shares by population mass, capped by what fits along each community's streets.
  // Each community draws from its own seeded stream, so counting and placing see the same slots.
  const communityRandom = (i: number): Random => seededRandom(spec.seed ^ hashCode(communities[i]!.scope.code));
  const capacity = layouts.map((l, i) => buildingSlots(l, gen.density, communityRandom(i)).length);
  const targets = allocateCapped(spec.buildings, communities.map((c) => c.mass), capacity);
  const builder = new BuildingColumnsBuilder();
  const roadNames: string[] = [];
  const roadIndex = new Map<string, number>();
  const addressRoad: number[] = [];
  const addressNumber: number[] = [];
  layouts.forEach((layout, i) => {
    const r = communityRandom(i);
    const slots = buildingSlots(layout, gen.density, r);
    const placed = placeBuildings({ slots, target: targets[i]!, frame, grids: gridLocator, random: r, out: builder, villages: spec.villages });
    for (const p of placed) {
      let road = roadIndex.get(p.road);
      if (road === undefined) {
        road = roadNames.push(p.road) - 1;
        roadIndex.set(p.road, road);
      }
      addressRoad[p.index] = road;
      addressNumber[p.index] = p.number;
    }
  });
  const buildings = builder.finish();
  const roads: Road[] = roadsXY.map((r) => ({ kind: r.kind, name: r.name, points: r.points.map(([x, y]) => frame.toLngLatRounded(x, y)) }));

  const gridUrbanity = grids.map((g) => g.urbanity);
  const staff = generateStaff(gridScopes, gridUrbanity, random);
  const keyPersons = generateKeyPersons({
    count: spec.keyPopulations,
    districtCode: spec.districtCode,
    buildings,
    buildingId: (i) => buildingId(spec.districtCode, i),
    grids: gridScopes,
    today: REFERENCE_DATE,
    random,
  });
  const cameras = generateCameras({
    count: spec.cameras,
    districtCode: spec.districtCode,
    roads: roadsXY,
    frame,
    density: gen.density,
    grids: gridLocator,
    // Every demo HLS camera plays the clip the server itself serves (server/media/test-clip/), so a
    // pointer never depends on the video platform or the internet.
    hlsUrl: () => DEMO_HLS_URL,
    random,
  });

  return {
    spec,
    territory,
    roads,
    grids: gridScopes,
    buildings,
    addressRoad: Uint32Array.from(addressRoad),
    addressNumber: Uint16Array.from(addressNumber),
    roadNames,
    staff,
    keyPersons,
    cameras,
  };
}

/** The id of generated building `index` (stable for a given seed and generator version). */
export function buildingId(districtCode: string, index: number): string {
  return `B${districtCode}${String(index + 1).padStart(7, '0')}`;
}

/** The street address of generated building `index`: street, community, road and number. */
export function buildingAddress(s: Scenario, index: number): string {
  let byCode = scopeMaps.get(s);
  if (!byCode) {
    byCode = new Map(s.territory.scopes.map((x) => [x.code, x] as const));
    scopeMaps.set(s, byCode);
  }
  const grid = s.grids[s.buildings.grid[index]!]!;
  const community = byCode.get(grid.parent ?? '');
  const street = byCode.get(community?.parent ?? '');
  return `${street?.name ?? ''}${community?.name ?? ''}${s.roadNames[s.addressRoad[index]!] ?? ''}${s.addressNumber[index]}号`;
}

const scopeMaps = new WeakMap<Scenario, Map<string, Scope>>();

/**
 * Shares `total` by weight without giving any part more than its capacity: parts that hit their
 * cap keep it, and the rest is shared again among the others (water-filling).
 */
export function allocateCapped(total: number, weights: readonly number[], capacity: readonly number[]): number[] {
  const out = new Array<number>(weights.length).fill(0);
  let open = weights.map((_, i) => i).filter((i) => capacity[i]! > 0);
  let left = Math.min(total, capacity.reduce((a, b) => a + b, 0));
  while (left > 0 && open.length > 0) {
    const shares = allocate(left, open.map((i) => weights[i]!), 0);
    let given = 0;
    const still: number[] = [];
    open.forEach((i, k) => {
      const room = capacity[i]! - out[i]!;
      const add = Math.min(room, shares[k]!);
      out[i]! += add;
      given += add;
      if (out[i]! < capacity[i]!) still.push(i);
    });
    left -= given;
    if (given === 0) break;
    open = still;
  }
  return out;
}

/** A 31-bit FNV-1a hash of a string, to derive per-scope random streams from the seed. */
function hashCode(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 1;
}
