import { describe, expect, it } from 'vitest';
import { loadOutline } from '../../../../geo/outlines';
import { seededRandom } from '../../../../geo/random';
import { generateScopes } from '../../../../geo/scenarios/generate-scopes';
import { LocalFrame } from '../../../../geo/scenarios/local-frame';
import { DISTRICT_SPEC } from '../../../../geo/scenarios/specs';
import { polygonsBounds } from '../../../../geo/polygon';
import { planarArea, tilingError } from '../../../support/tiling';
import type { Scope } from '../../../../geo/territory';

const outline = loadOutline('320612').polygons;
const [w, s, e, n] = polygonsBounds(outline);
const gen = generateScopes(DISTRICT_SPEC, outline, new LocalFrame((w + e) / 2, (s + n) / 2), seededRandom(DISTRICT_SPEC.seed));
const [districts, streets, communities, grids, micro] = gen.levels.map((l) => l.map((g) => g.scope)) as [Scope[], Scope[], Scope[], Scope[], Scope[]];

describe('the district scenario’s scopes', () => {
  it('has the real counts of 通州区: 14 streets, 280 communities, 1,049 grids, 8,518 micro-grids', () => {
    expect([districts.length, streets.length, communities.length, grids.length, micro.length]).toEqual([1, 14, 280, 1049, 8518]);
  });

  it('keeps the real outline as the district and tiles it with streets, and each street with its communities', () => {
    expect(planarArea(districts[0]!.polygons)).toBeCloseTo(planarArea(outline), 12);
    const check = (parent: Scope, children: Scope[]): void => {
      const err = tilingError(parent, children);
      expect(err.gap, parent.code).toBeLessThan(1e-8);
      expect(err.overlap, parent.code).toBeLessThan(1e-8);
    };
    check(districts[0]!, streets);
    for (const st of streets) check(st, communities.filter((c) => c.parent === st.code));
  }, 60_000);

  it('tiles a sample of communities with grids and of grids with micro-grids', () => {
    for (const c of communities.filter((_, i) => i % 14 === 0)) {
      const err = tilingError(c, grids.filter((g) => g.parent === c.code));
      expect(err.gapM2 + err.overlapM2, c.code).toBeLessThan(0.01);
    }
    for (const g of grids.filter((_, i) => i % 50 === 0)) {
      const err = tilingError(g, micro.filter((m) => m.parent === g.code));
      // Absolute: under 100 cm² in all, the noise of polygon-clipping's intersections.
      expect(err.gapM2 + err.overlapM2, g.code).toBeLessThan(0.01);
    }
  }, 60_000);

  it('makes grids smaller where density is higher (towns), as grids follow households', () => {
    const sized = gen.levels[3]!.map((g) => ({ u: g.urbanity, a: planarArea(g.scope.polygons) }));
    const urban = sized.filter((x) => x.u > 0.5).map((x) => x.a);
    const rural = sized.filter((x) => x.u < 0.05).map((x) => x.a);
    const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(urban.length).toBeGreaterThan(10);
    expect(median(urban) * 5).toBeLessThan(median(rural));
  });
});
