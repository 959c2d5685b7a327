import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { centroidOf } from '../../../../geo/buildings';
import { inPolygons } from '../../../../geo/locate';
import { generateScenario, buildingAddress, DEMO_HLS_URL } from '../../../../geo/scenarios/generate';
import { TINY_OUTLINE, TINY_SPEC } from '../../../../geo/scenarios/specs';
import { idCheckChar } from '../../../../geo/scenarios/people';
import { intersect } from '../../../../geo/clip';
import { polygonsAreaM2 } from '../../../../geo/measure';
import { tilingError } from '../../../support/tiling';

const scenario = generateScenario(TINY_SPEC, TINY_OUTLINE);
const { territory, buildings } = scenario;

/** A digest of everything the generator yields, to pin its output for a seed. */
function digest(s: typeof scenario): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(s.territory.scopes.map((x) => [x.code, x.name, x.parent, x.polygons])));
  h.update(JSON.stringify(s.roads));
  for (const a of [s.buildings.coords, s.buildings.floors, s.buildings.households, s.buildings.residents, s.buildings.rental, s.buildings.grid]) {
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  h.update(JSON.stringify([s.staff, s.keyPersons, s.cameras]));
  return h.digest('hex');
}

describe('the tiny scenario', () => {
  it('is the same for the same seed (golden digest)', () => {
    const golden = readFileSync(join(import.meta.dirname, '../../../fixtures/golden/tiny-scenario.sha256'), 'utf8').trim();
    expect(digest(generateScenario(TINY_SPEC, TINY_OUTLINE))).toBe(golden);
  });

  it('has exactly the specified scopes, with nesting codes', () => {
    const count = (level: number): number => territory.scopes.filter((s) => s.level === level).length;
    expect([0, 1, 2, 3, 4].map(count)).toEqual([1, TINY_SPEC.streets, TINY_SPEC.communities, TINY_SPEC.grids, TINY_SPEC.microGrids]);
    const codes = new Set(territory.scopes.map((s) => s.code));
    expect(codes.size).toBe(territory.scopes.length);
    for (const s of territory.scopes) {
      if (s.level === 0) continue;
      expect(codes.has(s.parent!)).toBe(true);
      expect(s.code.startsWith(s.parent!)).toBe(true);
    }
  });

  it('tiles every parent exactly with its children: no gap, no overlap', () => {
    for (const parent of territory.scopes.filter((s) => s.level < 4)) {
      const children = territory.scopes.filter((s) => s.parent === parent.code);
      const e = tilingError(parent, children);
      // 1e-8 of a few km² is a few cm²: the rounding of polygon-clipping's intersections, nothing more.
      expect(e.gap, parent.code).toBeLessThan(1e-8);
      expect(e.overlap, parent.code).toBeLessThan(1e-8);
      expect(Math.abs(e.areaRatio - 1), parent.code).toBeLessThan(1e-8);
    }
  });

  it('places buildings in their grid, inside the district, without overlapping one another', () => {
    expect(buildings.count).toBe(TINY_SPEC.buildings);
    const footprints: [number, number][][][][] = [];
    for (let i = 0; i < buildings.count; i++) {
      const [x, y] = centroidOf(buildings, i);
      expect(inPolygons(x, y, scenario.grids[buildings.grid[i]!]!.polygons)).toBe(true);
      const ring: [number, number][] = [];
      for (let k = buildings.ringStart[i]!; k < buildings.ringStart[i + 1]!; k++) ring.push([buildings.coords[k * 2]!, buildings.coords[k * 2 + 1]!]);
      footprints.push([[ring]]);
    }
    let overlapping = 0;
    for (let i = 0; i < footprints.length; i++) {
      for (let j = i + 1; j < footprints.length; j++) {
        if (polygonsAreaM2(intersect(footprints[i]!, footprints[j]!)) > 0.01) overlapping += 1;
      }
    }
    expect(overlapping).toBe(0);
    expect(buildingAddress(scenario, 0)).toMatch(/^.+(街道|镇).+(社区|村).+(路|街)\d+号$/);
  });

  it('yields registers that point into the territory, with valid resident ID numbers', () => {
    const grids = new Set(scenario.grids.map((g) => g.code));
    expect(scenario.staff.filter((s) => s.role === 'chief')).toHaveLength(TINY_SPEC.grids);
    expect(scenario.staff.every((s) => grids.has(s.gridCode) && /^1[3-9]\d{9}$/.test(s.phone))).toBe(true);
    expect(scenario.keyPersons).toHaveLength(TINY_SPEC.keyPopulations);
    for (const p of scenario.keyPersons) {
      expect(grids.has(p.gridCode)).toBe(true);
      expect(p.idNumber).toMatch(/^320612\d{11}[\dX]$/);
      expect(p.idNumber[17]).toBe(idCheckChar(p.idNumber.slice(0, 17)));
    }
    expect(scenario.cameras.length).toBeGreaterThan(TINY_SPEC.cameras / 2);
    expect(scenario.cameras.every((c) => grids.has(c.gridCode))).toBe(true);
  });

  it('points its HLS cameras to the clip the server serves, and keeps RTSP and GB/T 28181 cameras', () => {
    const kinds = new Set(scenario.cameras.map((c) => c.stream.kind));
    expect([...kinds].sort()).toEqual(['gb28181', 'hls', 'rtsp']);
    for (const c of scenario.cameras) if (c.stream.kind === 'hls') expect(c.stream.url, c.cameraId).toBe(DEMO_HLS_URL);
  });
});
