import type { PolygonRings } from '../polygon';

/**
 * What a built-in scenario generates. Counts are targets: scopes are exact; buildings are as
 * many as fit along the streets, up to the target (the generator reports what it placed).
 */
export interface ScenarioSpec {
  name: 'district' | 'city' | 'tiny';
  seed: number;
  districtCode: string;
  districtName: string;
  streets: number;
  communities: number;
  grids: number;
  microGrids: number;
  buildings: number;
  keyPopulations: number;
  cameras: number;
  /** Spread of the seat's and of other towns' density, metres. */
  seatSigma: number;
  townSigma: number;
  /** Multiplies street spacing. */
  spacingScale: number;
  /**
   * How villages are built: `sparse` farmhouses along lanes (Jiangsu's countryside) or dense
   * `urban-village` blocks (城中村, the "handshake buildings" of the Pearl River delta).
   */
  villages: 'sparse' | 'urban-village';
}

/** The real counts of 南通市通州区 from the source documents (1,049 grids, 8,518 micro-grids). */
export const DISTRICT_SPEC: ScenarioSpec = {
  name: 'district',
  seed: 20261123,
  districtCode: '320612',
  districtName: '通州区',
  streets: 14,
  communities: 280,
  grids: 1049,
  microGrids: 8518,
  buildings: 150_000,
  keyPopulations: 30_000,
  cameras: 3000,
  seatSigma: 3500,
  townSigma: 1500,
  spacingScale: 1,
  villages: 'sparse',
};

/** 东莞市 at the documents' scale: 2,934 grids and 1.7 M buildings (no micro-grids). */
export const CITY_SPEC: ScenarioSpec = {
  name: 'city',
  seed: 441900,
  districtCode: '441900',
  districtName: '东莞市',
  streets: 32,
  communities: 595,
  grids: 2934,
  microGrids: 0,
  buildings: 1_700_000,
  keyPopulations: 300_000,
  cameras: 30_000,
  seatSigma: 5000,
  townSigma: 3000,
  spacingScale: 1,
  villages: 'urban-village',
};

/** A few grids for fast tests: one street, two communities, six grids, a few hundred buildings. */
export const TINY_SPEC: ScenarioSpec = {
  name: 'tiny',
  seed: 7,
  districtCode: '320612',
  districtName: '通州区',
  streets: 1,
  communities: 2,
  grids: 6,
  microGrids: 12,
  buildings: 400,
  keyPopulations: 120,
  cameras: 24,
  seatSigma: 900,
  townSigma: 600,
  spacingScale: 1,
  villages: 'sparse',
};

/** The tiny scenario's outline: about 3 km × 2.5 km in the middle of 通州区 (WGS-84). */
export const TINY_OUTLINE: PolygonRings[] = [
  [
    [
      [121.04, 32.05],
      [121.072, 32.048],
      [121.074, 32.071],
      [121.055, 32.074],
      [121.041, 32.068],
      [121.04, 32.05],
    ],
  ],
];
