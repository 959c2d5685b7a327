import { describe, expect, it } from 'vitest';
import type { ImportFeature, Problem } from '../../../geo/feature-attributes';
import { polygonsBounds } from '../../../geo/polygon';
import { findEdgeMeetings } from '../../../geo/segments-intersect';
import type { Scope } from '../../../geo/territory';
import { validateBuildings } from '../../../geo/validate-buildings';
import { validateScopes, type ScopeImport } from '../../../geo/validate-scopes';

type Ring = [number, number][];

/** A closed counter-clockwise rectangle. */
function rect(w: number, s: number, e: number, n: number): Ring {
  return [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ];
}

function scope(code: string, level: Scope['level'], ring: Ring): Scope {
  const polygons = [[ring]];
  return { code, name: code, level, parent: undefined, polygons, bounds: polygonsBounds(polygons) };
}

function feature(code: unknown, coordinates: unknown, extra: Record<string, unknown> = {}): ImportFeature {
  return { properties: { code, name: `街道 ${String(code)}`, ...extra }, geometry: { type: 'Polygon', coordinates } };
}

const district = scope('320612', 0, rect(120.9, 31.9, 121.2, 32.2));

function streets(features: ImportFeature[], overrides: Partial<ScopeImport> = {}): ReturnType<typeof validateScopes> {
  return validateScopes({ level: 1, crs: 'wgs84', fields: { code: 'code', name: 'name' }, features, parents: [district], ...overrides });
}

/** The problems as `index code` → messages, for compact assertions. */
function byFeature(problems: readonly Problem[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of problems) (out[`${p.index} ${p.code}`] ??= []).push(p.message);
  return out;
}

describe('validateScopes', () => {
  it('accepts a good set: no problems, scopes with their parent and bounds', () => {
    const result = streets([feature('320612001', [rect(120.9, 31.9, 121.0, 32.2)]), feature(320612002, [rect(121.0, 31.9, 121.2, 32.2)])]);
    expect(result.fatal).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.scopes.map((s) => [s.code, s.parent, s.level])).toEqual([
      ['320612001', '320612', 1],
      ['320612002', '320612', 1],
    ]);
    expect(result.scopes[1]!.bounds).toEqual([121.0, 31.9, 121.2, 32.2]);
  });

  it('finds every kind of bad feature, each with its index and code, and nothing else', () => {
    const good = rect(120.95, 31.95, 121.0, 32.0);
    const result = streets([
      /* 0 */ feature('320612001', [good]),
      /* 1 */ feature('320612002', [good.slice(0, 4)]), // unclosed
      /* 2 */ feature('320612003', [[[121, 32], [121.01, 32], [121, 32]]]), // degenerate: 3 positions
      /* 3 */ feature('320612004', [[[121, 32], [121.01, 32], [121.02, 32], [121, 32]]]), // zero area
      /* 4 */ feature('320612005', [[[121, 32], [121.01, 32.01], [121.01, 32], [121, 32.01], [121, 32]]]), // bow-tie
      /* 5 */ feature('320612001', [good]), // duplicate of #0
      /* 6 */ feature('320699006', [good]), // nests in no stored district
      /* 7 */ feature('32061200', [good]), // 8 digits
      /* 8 */ feature('320612008', [rect(121.5, 31.95, 121.6, 32.05)]), // outside its parent
      /* 9 */ feature('320612009', [good.map(([x, y]) => [y, x])]), // swapped
      /* 10 */ feature('320612010', [good.map(([x, y]) => [x * 4000 + 20_000, y * 100_000])]), // projected
      /* 11 */ feature('320612011', [[[121, 32], [NaN, 32], [121.01, 32.01], [121, 32]]]), // NaN
      /* 12 */ feature('320612012', [good], { parent: '320611' }), // parent attribute it does not nest in
    ], { fields: { code: 'code', name: 'name', parent: 'parent' } });

    const found = byFeature(result.fatal);
    expect(Object.keys(found)).toEqual(['1 320612002', '2 320612003', '3 320612004', '4 320612005', '5 320612001', '6 320699006', '7 32061200', '8 320612008', '9 320612009', '10 320612010', '11 320612011', '12 320612012']);
    expect(found['1 320612002']).toEqual([expect.stringMatching(/ring 0 \(outer\) is not closed/)]);
    expect(found['2 320612003']).toEqual([expect.stringMatching(/has 3 positions/)]);
    expect(found['3 320612004']).toEqual([expect.stringMatching(/zero area/)]);
    expect(found['4 320612005']).toEqual([expect.stringMatching(/^self-intersection: ring 0 \(outer\) intersects itself \(edges 0 and 2 cross\) at \[121\.00/)]);
    expect(found['5 320612001']).toEqual(['duplicate code (also feature #0)']);
    expect(found['6 320699006']).toEqual([expect.stringMatching(/parent district 320699 is not in the store/)]);
    expect(found['7 32061200']).toEqual(["code has 8 digits; a street's has 9"]);
    expect(found['8 320612008']).toEqual([expect.stringMatching(/100\.0 % of its area lies outside its parent 320612, up to \d+ m/)]);
    expect(found['9 320612009']).toEqual([expect.stringMatching(/swapped lat\/lng\?/)]);
    expect(found['10 320612010']).toEqual([expect.stringMatching(/projected coordinates\?/)]);
    expect(found['11 320612011']).toEqual([expect.stringMatching(/position 1 is .* not a pair of finite numbers/)]);
    expect(found['12 320612012']).toEqual([expect.stringMatching(/does not nest in its parent 320611/)]);
    expect(result.warnings).toEqual([]);
  });

  it('reports several problems of one feature, and a missing code or name', () => {
    const result = streets([
      { properties: { name: 'x' }, geometry: { type: 'Polygon', coordinates: [rect(121, 32, 121.01, 32.01)] } },
      { properties: { code: '320612002' }, geometry: { type: 'LineString', coordinates: [[121, 32], [121.1, 32]] } },
      feature(2 ** 60, [rect(121, 32, 121.01, 32.01)]),
    ]);
    expect(byFeature(result.fatal)).toEqual({
      '0 ': ['no code in attribute "code"'],
      '1 320612002': ['no name in attribute "name"', 'geometry is a LineString, not a Polygon or MultiPolygon'],
      '2 ': [expect.stringMatching(/too large .* to be exact; store codes as text/)],
    });
  });

  it('tolerates a child slightly outside its parent (a warning), refuses one far and large outside', () => {
    // 24 m past the district's west edge along a 3 km long street: over 1 % of its area, but near.
    const near = feature('320612001', [rect(120.9 - 0.00025, 31.95, 120.91, 31.98)]);
    // A spike 400 m out, negligible in area: far, but small.
    const spike = feature('320612002', [[[121.0, 32.0], [121.1, 32.0], [121.1, 32.1], [121.05, 32.1], [121.0502, 32.2036], [121.0498, 32.1], [121.0, 32.1], [121.0, 32.0]]]);
    const result = streets([near, spike]);
    expect(result.fatal).toEqual([]);
    expect(byFeature(result.warnings)).toEqual({
      '0 320612001': [expect.stringMatching(/% of its area lies outside its parent 320612, up to 2\d m beyond its boundary \(within tolerance\)/)],
      '1 320612002': [expect.stringMatching(/0\.0 % of its area lies outside its parent 320612, up to 4\d\d m .*within tolerance/)],
    });
  });

  it('says when the parent level has not been imported, and allows one district', () => {
    const orphan = streets([feature('320612001', [rect(121, 32, 121.01, 32.01)])], { parents: [] });
    expect(orphan.fatal[0]!.message).toMatch(/the store holds no districts yet: import that level first/);

    const two = validateScopes({ level: 0, crs: 'wgs84', fields: { code: 'code', name: 'name' }, features: [feature('320612', [rect(121, 32, 121.1, 32.1)]), feature('320613', [rect(121, 32, 121.1, 32.1)])], parents: [] });
    expect(byFeature(two.fatal)).toEqual({ '1 320613': ['a territory holds one district; this file has 2'] });
    expect(two.scopes.map((s) => [s.code, s.parent])).toEqual([['320612', undefined]]);
  });

  it('checks a 10,000-vertex ring and its containment quickly', () => {
    const circle = (cx: number, cy: number, r: number, n: number, wobble: number): Ring => {
      const ring: Ring = [];
      for (let i = 0; i < n; i++) {
        const a = (2 * Math.PI * i) / n;
        const rr = r * (1 + wobble * Math.sin(37 * a));
        ring.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
      }
      ring.push(ring[0]!);
      return ring;
    };
    const parent = scope('320612', 0, circle(121.05, 32.05, 0.14, 10_000, 0.02));
    const started = performance.now();
    const result = streets([feature('320612001', [circle(121.05, 32.05, 0.1, 10_000, 0.05)])], { parents: [parent] });
    const elapsed = performance.now() - started;
    expect(result.fatal).toEqual([]);
    expect(elapsed).toBeLessThan(2000);

    // The same ring with one vertex pushed across the ring: found among 10,000 edges.
    const crossed = circle(121.05, 32.05, 0.1, 10_000, 0.05);
    crossed[5000] = [121.05 + 0.2, 32.05];
    expect(findEdgeMeetings([crossed]).some((m) => m.kind === 'cross')).toBe(true);
  });
});

describe('findEdgeMeetings', () => {
  it('finds crossings and overlaps, ignores consecutive edges, reports a pinch as a touch', () => {
    expect(findEdgeMeetings([rect(0, 0, 1, 1)])).toEqual([]);
    const spike: Ring = [[0, 0], [2, 0], [3, 0], [1, 0], [1, 1], [0, 0]];
    expect(findEdgeMeetings([spike]).map((m) => m.kind)).toContain('overlap');
    const pinched: Ring = [[0, 0], [2, 0], [1, 1], [2, 2], [0, 2], [1, 1], [0, 0]];
    const pinches = findEdgeMeetings([pinched]);
    expect(pinches.length).toBeGreaterThan(0);
    expect(pinches.every((m) => m.kind === 'touch' && m.at[0] === 1 && m.at[1] === 1)).toBe(true);
    const holeAcross = [rect(0, 0, 4, 4), rect(3, 1, 5, 2)];
    expect(findEdgeMeetings(holeAcross).filter((m) => m.kind === 'cross').length).toBe(2);
  });
});

describe('validateBuildings', () => {
  const grid = scope('320612001001001', 3, rect(121.0, 32.0, 121.01, 32.01));
  const house = (id: unknown, ring: Ring, props: Record<string, unknown> = {}): ImportFeature => ({
    properties: { id, address: '幸福路 1 号', floors: 6, households: 24, residents: '60', rental: '警示', ...props },
    geometry: { type: 'Polygon', coordinates: [ring] },
  });
  const fields = { id: 'id', address: 'address', floors: 'floors', households: 'households', residents: 'residents', rental: 'rental' };

  it('assigns each footprint to the grid holding its centroid, and names every bad building', () => {
    const inside = rect(121.001, 32.001, 121.0012, 32.0012);
    const result = validateBuildings({
      crs: 'wgs84',
      fields,
      grids: [grid],
      features: [
        house('b1', inside),
        house('b2', rect(121.02, 32.001, 121.0202, 32.0012)), // in no grid
        house('b1', inside), // duplicate
        house('b4', inside, { rental: '随便' }),
        house('b5', inside, { floors: 'six', residents: '' }),
      ],
    });
    expect(result.buildings).toHaveLength(1);
    expect(result.buildings[0]).toMatchObject({ id: 'b1', gridCode: grid.code, floors: 6, residents: 60, rental: '警示' });
    expect(byFeature(result.fatal)).toEqual({
      '1 b2': [expect.stringMatching(/lies in no stored grid/)],
      '2 b1': ['duplicate id (also feature #0)'],
      '3 b4': ['rental level "随便" is not one of 宽管 警示 严管 禁租'],
      '4 b5': ['floors "six" is not a whole number ≥ 0'],
    });
    expect(byFeature(result.warnings)).toEqual({ '4 b5': ['no residents in attribute "residents"; stored as 0'] });
  });
});
