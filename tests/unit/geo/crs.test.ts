import coordtransform from 'coordtransform';
import { describe, expect, it } from 'vitest';
import {
  bd09ToGcj02,
  bd09ToWgs84,
  CRS_NAMES,
  distanceMetres,
  gcj02ToBd09,
  gcj02ToWgs84,
  isInChina,
  toWgs84,
  wgs84ToBd09,
  wgs84ToGcj02,
} from '../../../geo/crs';
import { bd09, gcj02, wgs84, type LngLatWgs84 } from '../../../geo/lnglat';
import { seededRandom } from '../../../geo/random';

// `coordtransform` is a separate implementation of the same public formulas, so it checks our
// wrapper of `gcoord` at run time; the literal table below checks both against fixed numbers.

/** Cities spread over China; the seeded loop jitters around them by up to ±0.5°. */
const CITIES: readonly (readonly [string, number, number])[] = [
  ['Beijing', 116.397, 39.909],
  ['Nantong 南通', 120.864, 32.016],
  ['Dongguan 东莞', 113.752, 23.021],
  ['Urumqi', 87.617, 43.826],
  ['Harbin', 126.642, 45.757],
  ['Sanya', 109.512, 18.253],
  ['Lhasa', 91.132, 29.660],
  ['Kashgar', 75.989, 39.470],
  ['Mohe', 122.538, 52.972],
  ['Kunming', 102.833, 24.880],
];

function samples(count: number): LngLatWgs84[] {
  const random = seededRandom(20_240_611);
  return Array.from({ length: count }, (_, i) => {
    const [, lng, lat] = CITIES[i % CITIES.length]!;
    return wgs84(lng + (random() - 0.5), lat + (random() - 0.5));
  });
}

const POINTS = samples(50);

describe('forward transforms agree with coordtransform', () => {
  it('WGS-84 → GCJ-02 within 0.5 m', () => {
    for (const p of POINTS) expect(distanceMetres(wgs84ToGcj02(p), coordtransform.wgs84togcj02(p[0], p[1]))).toBeLessThan(0.5);
  });

  it('GCJ-02 → BD-09 within 0.5 m', () => {
    for (const p of POINTS) {
      const g = wgs84ToGcj02(p);
      expect(distanceMetres(gcj02ToBd09(g), coordtransform.gcj02tobd09(g[0], g[1]))).toBeLessThan(0.5);
    }
  });

  it('BD-09 → GCJ-02 within 0.5 m (theirs is a closed-form approximation, ours is iterated)', () => {
    for (const p of POINTS) {
      const b = wgs84ToBd09(p);
      expect(distanceMetres(bd09ToGcj02(b), coordtransform.bd09togcj02(b[0], b[1]))).toBeLessThan(0.5);
    }
  });

  it('GCJ-02 → WGS-84 is undone by the independent forward transform within 1 cm', () => {
    for (const p of POINTS) {
      const g = gcj02(p[0], p[1]); // any GCJ-02 point will do
      const w = gcj02ToWgs84(g);
      const back = coordtransform.wgs84togcj02(w[0], w[1]);
      expect(distanceMetres(back, g)).toBeLessThan(0.01);
    }
  });
});

describe('round trips', () => {
  // The brief asks for < 1 m; the iterated inverses do far better, so hold them to 1 mm.
  it('WGS-84 → GCJ-02 → WGS-84 within 1 mm', () => {
    for (const p of POINTS) expect(distanceMetres(gcj02ToWgs84(wgs84ToGcj02(p)), p)).toBeLessThan(0.001);
  });

  it('WGS-84 → BD-09 → WGS-84 within 1 mm', () => {
    for (const p of POINTS) expect(distanceMetres(bd09ToWgs84(wgs84ToBd09(p)), p)).toBeLessThan(0.001);
  });

  it('the shift itself is the familiar few hundred metres', () => {
    for (const p of POINTS) {
      const shift = distanceMetres(wgs84ToGcj02(p), p);
      expect(shift).toBeGreaterThan(50);
      expect(shift).toBeLessThan(1200);
    }
  });
});

describe('outside China', () => {
  const abroad = [wgs84(139.6917, 35.6895), wgs84(2.3522, 48.8566), wgs84(-74.006, 40.7128), wgs84(151.2093, -33.8688)];

  it('GCJ-02 transforms return the point unchanged, as the standard algorithm does', () => {
    for (const p of abroad) {
      expect(isInChina(p[0], p[1])).toBe(false);
      expect(wgs84ToGcj02(p)).toEqual([p[0], p[1]]);
      expect(gcj02ToWgs84(gcj02(p[0], p[1]))).toEqual([p[0], p[1]]);
      expect(coordtransform.wgs84togcj02(p[0], p[1])).toEqual([p[0], p[1]]);
    }
  });

  it('isInChina holds for the sample points', () => {
    for (const p of POINTS) expect(isInChina(p[0], p[1])).toBe(true);
  });

  it('GCJ-02 → WGS-84 returns just inside the extent edge (gcoord 1.0.7 loops forever there)', () => {
    const edge = gcj02(72.005, 30);
    expect(gcj02ToWgs84(edge)).toEqual([72.005, 30]);
  });
});

describe('literal reference pairs', () => {
  // Published in the READMEs of coordtransform 2.1.2 and gcoord 1.0.7 (input 116.404, 39.915 and
  // 116.403988, 39.914266), then pairs computed once with coordtransform 2.1.2 and frozen here.
  const GCJ: readonly (readonly [string, [number, number], [number, number]])[] = [
    ['coordtransform README', [116.404, 39.915], [116.41024449916938, 39.91640428150164]],
    ['Nantong 通州', [121.0738, 32.0657], [121.078470283, 32.063869589]],
    ['Dongguan', [113.7518, 23.0207], [113.756993046, 23.017977425]],
    ['Urumqi', [87.6168, 43.8256], [87.619649949, 43.826805393]],
    ['Harbin', [126.6424, 45.7567], [126.648369816, 45.758651102]],
    ['Sanya', [109.5119, 18.2528], [109.515984295, 18.251094792]],
  ];
  const BD_FROM_WGS: readonly (readonly [string, [number, number], [number, number]])[] = [
    ['gcoord README', [116.403988, 39.914266], [116.41661560068297, 39.92196580126834]],
    ['Nantong 通州', [121.0738, 32.0657], [121.084892745, 32.070236518]],
    ['Dongguan', [113.7518, 23.0207], [113.763406928, 23.024310849]],
    ['Urumqi', [87.6168, 43.8256], [87.626099771, 43.832949795]],
    ['Harbin', [126.6424, 45.7567], [126.654999329, 45.764345564]],
    ['Sanya', [109.5119, 18.2528], [109.522531792, 18.256876554]],
  ];

  it.each(GCJ)('WGS-84 ↔ GCJ-02: %s', (_name, w, g) => {
    expect(distanceMetres(wgs84ToGcj02(wgs84(...w)), g)).toBeLessThan(0.01);
    expect(distanceMetres(gcj02ToWgs84(gcj02(...g)), w)).toBeLessThan(0.01);
  });

  it.each(BD_FROM_WGS)('WGS-84 ↔ BD-09: %s', (_name, w, b) => {
    expect(distanceMetres(wgs84ToBd09(wgs84(...w)), b)).toBeLessThan(0.01);
    expect(distanceMetres(bd09ToWgs84(bd09(...b)), w)).toBeLessThan(0.01);
  });

  it('BD-09 ↔ GCJ-02: coordtransform README', () => {
    expect(distanceMetres(gcj02ToBd09(gcj02(116.404, 39.915)), [116.41036949371029, 39.92133699351021])).toBeLessThan(0.01);
    // their BD-09 → GCJ-02 is the closed-form approximation, so only within its ~0.2 m
    expect(distanceMetres(bd09ToGcj02(bd09(116.404, 39.915)), [116.39762729119315, 39.90865673957631])).toBeLessThan(0.5);
  });
});

describe('toWgs84', () => {
  it('dispatches on every declared system; CGCS2000 is identity', () => {
    expect(CRS_NAMES).toEqual(['wgs84', 'gcj02', 'bd09', 'cgcs2000']);
    const [lng, lat] = [120.864, 32.016];
    expect(toWgs84(lng, lat, 'wgs84')).toEqual([lng, lat]);
    expect(toWgs84(lng, lat, 'cgcs2000')).toEqual([lng, lat]);
    expect(toWgs84(lng, lat, 'gcj02')).toEqual(gcj02ToWgs84(gcj02(lng, lat)));
    expect(toWgs84(lng, lat, 'bd09')).toEqual(bd09ToWgs84(bd09(lng, lat)));
  });
});

describe('distanceMetres', () => {
  it('measures a degree of latitude on the mean sphere and zero for the same point', () => {
    expect(distanceMetres([120, 32], [120, 33])).toBeCloseTo(111_194.9, 0);
    expect(distanceMetres([120, 32], [120, 32])).toBe(0);
  });
});
