import { generateScenario } from '../../../geo/scenarios/generate';
import { TINY_OUTLINE, TINY_SPEC } from '../../../geo/scenarios/specs';
import { worldFromScenario, type SimRental, type SimWorld } from '../../../mock/sim-world';
import type { RentalLevel } from '../../../geo/territory';

/** The tiny scenario's world (a few hundred buildings, 24 cameras), generated once per test file. */
export const tinyWorld: SimWorld = worldFromScenario(generateScenario(TINY_SPEC, TINY_OUTLINE));

/** A Monday at local midnight: the weekly curve starts on a known day. */
export const MONDAY = Date.parse('2026-11-02T00:00:00+08:00');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/**
 * A synthetic world with many cameras and rental buildings and no key persons: enough of each to
 * measure shares (the tiny scenario has 24 cameras and a few dozen rentals).
 */
export function wideWorld(cameras: number, rentals: number): SimWorld {
  const levels: RentalLevel[] = ['宽管', '宽管', '宽管', '警示', '警示', '严管', '禁租'];
  const grids = ['320612001001001', '320612001001002', '320612001002001'];
  const rentalList: SimRental[] = Array.from({ length: rentals }, (_, i) => ({
    buildingId: `B${i}`,
    level: levels[i % levels.length]!,
    gridCode: grids[i % grids.length]!,
    location: [121 + i * 1e-5, 32],
  }));
  return {
    fingerprint: `wide:${cameras}:${rentals}`,
    districtCode: '320612',
    place: () => ({ location: [121.05, 32.06], gridCode: grids[0] }),
    cameras: Array.from({ length: cameras }, (_, i) => ({ cameraId: `C${i}`, location: [121.05, 32.06] as [number, number], online: i % 40 !== 0 })),
    workersByGrid: new Map(grids.map((g) => [g, [`S${g}02`]])),
    workers: grids.map((g) => `S${g}02`),
    rentals: rentalList,
    keyPersons: [],
  };
}
