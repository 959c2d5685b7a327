import type { Logger } from 'pino';
import type { BuildingColumns } from '@geo/buildings';
import { TerritoryLocator } from '@geo/locate';
import { loadOutline } from '@geo/outlines';
import { buildingAddress, buildingId, generateScenario, GENERATOR_VERSION } from '@geo/scenarios/generate';
import { CITY_SPEC, DISTRICT_SPEC, TINY_OUTLINE, TINY_SPEC, type ScenarioSpec } from '@geo/scenarios/specs';
import type { CameraRecord, KeyPersonRecord, StaffRecord } from '@geo/registers';
import type { Building, Scope, Territory } from '@geo/territory';
import { createHash } from 'node:crypto';
import type { TerritoryStore } from './territory-store';

/** The base registers a scenario yields, kept with it until they are sent through ingest. */
export interface ScenarioRegisters {
  cameras: CameraRecord[];
  staff: StaffRecord[];
  keyPersons: KeyPersonRecord[];
}

/** The territory as the running server holds it. */
export interface LoadedTerritory {
  territory: Territory;
  locator: TerritoryLocator;
  /** Grids in the order `buildings.grid` indexes them. */
  grids: Scope[];
  buildings: BuildingColumns;
  /** SQLite rowid of each building (the feature id in building tiles). */
  buildingRowids: Int32Array;
  roads: { kind: string; name: string; points: [number, number][] }[];
  /** Changes whenever the stored territory changes: versions geometry URLs. */
  hash: string;
  /** `scenario:…` or `import`. */
  source: string;
}

const SPECS: Record<'district' | 'city' | 'tiny', ScenarioSpec> = { district: DISTRICT_SPEC, city: CITY_SPEC, tiny: TINY_SPEC };

export function scenarioSource(spec: ScenarioSpec): string {
  return `scenario:${spec.name}:seed=${spec.seed}:v${GENERATOR_VERSION}`;
}

/**
 * The stored territory, generated first when there is none or when it was generated for another
 * scenario (an imported territory is kept whatever `SCENARIO` says). Generation happens once;
 * later starts read the store.
 */
export function loadTerritory(store: TerritoryStore, scenario: 'district' | 'city' | 'tiny', logger: Logger): LoadedTerritory {
  const spec = SPECS[scenario];
  const stored = store.source();
  if (stored === undefined || (stored.startsWith('scenario:') && stored !== scenarioSource(spec))) {
    const t0 = performance.now();
    logger.info({ scenario }, stored ? `regenerating the territory (was ${stored})` : 'generating the demo territory (first start)');
    const outline = scenario === 'tiny' ? TINY_OUTLINE : loadOutline(spec.districtCode as '320612' | '441900').polygons;
    const s = generateScenario(spec, outline);
    store.replaceAll(s.territory.scopes, scenarioBuildings(s), scenarioSource(spec));
    store.replaceRoads(s.roads);
    const registers: ScenarioRegisters = { cameras: s.cameras, staff: s.staff, keyPersons: s.keyPersons };
    store.setMeta('registers', JSON.stringify(registers));
    logger.info({ ms: Math.round(performance.now() - t0), scopes: s.territory.scopes.length, buildings: s.buildings.count }, 'territory generated');
  }
  const territory = store.load();
  if (!territory) throw new Error('the stored territory has no district: import one with npm run geo:import -- --level district …');
  const grids = territory.scopes.filter((s) => s.level === 3);
  const gridIndex = new Map(grids.map((g, i) => [g.code, i] as const));
  const { columns, rowids } = store.buildingColumns(gridIndex);
  const roads = store.roads();
  return {
    territory,
    locator: new TerritoryLocator(territory),
    grids,
    buildings: columns,
    buildingRowids: rowids,
    roads,
    hash: territoryHash(territory, columns, roads.length),
    source: store.source() ?? 'unknown',
  };
}

/** The scenario's registers as stored with it, or `undefined` for an imported territory. */
export function storedRegisters(store: TerritoryStore): ScenarioRegisters | undefined {
  const json = store.getMeta('registers');
  return json ? (JSON.parse(json) as ScenarioRegisters) : undefined;
}

function* scenarioBuildings(s: ReturnType<typeof generateScenario>): IterableIterator<Building> {
  const b = s.buildings;
  for (let i = 0; i < b.count; i++) {
    const footprint: [number, number][] = [];
    for (let k = b.ringStart[i]!; k < b.ringStart[i + 1]!; k++) footprint.push([b.coords[k * 2]!, b.coords[k * 2 + 1]!]);
    const rental = b.rental[i]!;
    yield {
      id: buildingId(s.spec.districtCode, i),
      gridCode: s.grids[b.grid[i]!]!.code,
      address: buildingAddress(s, i),
      floors: b.floors[i]!,
      households: b.households[i]!,
      residents: b.residents[i]!,
      rental: rental === 0 ? undefined : (['宽管', '警示', '严管', '禁租'] as const)[rental - 1],
      footprint,
    };
  }
}

/** A short hash over the scopes, building geometry and road count. */
function territoryHash(t: Territory, b: BuildingColumns, roads: number): string {
  const h = createHash('sha256');
  for (const s of t.scopes) h.update(`${s.code}|${s.name}|${s.parent ?? ''}|${s.bounds.join(',')}\n`);
  h.update(new Uint8Array(b.coords.buffer, b.coords.byteOffset, b.coords.byteLength));
  h.update(String(roads));
  return h.digest('hex').slice(0, 16);
}
