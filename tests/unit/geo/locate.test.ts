import { describe, expect, it } from 'vitest';
import { inPolygons, LevelLocator, TerritoryLocator } from '../../../geo/locate';
import { seededRandom } from '../../../geo/random';
import { generateScenario } from '../../../geo/scenarios/generate';
import { TINY_OUTLINE, TINY_SPEC } from '../../../geo/scenarios/specs';
import type { Scope } from '../../../geo/territory';

const { territory } = generateScenario(TINY_SPEC, TINY_OUTLINE);

function bruteForce(scopes: readonly Scope[], lng: number, lat: number): string | undefined {
  return scopes.find((s) => inPolygons(lng, lat, s.polygons))?.code;
}

describe('locate', () => {
  it('agrees with a brute-force scan on 20,000 random points, at every level', () => {
    const random = seededRandom(99);
    const locator = new TerritoryLocator(territory);
    const [w, s, e, n] = territory.district.bounds;
    for (let level = 0; level <= 4; level++) {
      const scopes = territory.scopes.filter((x) => x.level === level);
      for (let k = 0; k < 4000; k++) {
        // A margin around the bounds, so points outside every scope are tested too.
        const lng = w - 0.002 + (e - w + 0.004) * random();
        const lat = s - 0.002 + (n - s + 0.004) * random();
        expect(locator.locate([lng, lat], level as 0 | 1 | 2 | 3 | 4)?.code).toBe(bruteForce(scopes, lng, lat));
      }
    }
  });

  it('answers points on shared vertices and edges with one of the scopes that touch them', () => {
    const grids = territory.scopes.filter((x) => x.level === 3);
    const locator = new LevelLocator(grids);
    for (const g of grids) {
      for (const [lng, lat] of g.polygons[0]![0]!.slice(0, -1)) {
        const hit = locator.locate(lng, lat);
        if (hit) expect(hit.bounds[0] <= lng && lng <= hit.bounds[2] && hit.bounds[1] <= lat && lat <= hit.bounds[3]).toBe(true);
      }
    }
  });

  it('finds nothing for an empty level and for far-away points', () => {
    expect(new LevelLocator([]).locate(121, 32)).toBeUndefined();
    expect(new TerritoryLocator(territory).locateDeepest([116.4, 39.9])).toBeUndefined();
  });
});
