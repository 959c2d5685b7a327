import { polygonsBounds, type PolygonRings } from '../polygon';
import type { Territory } from '../territory';

/**
 * A hand-drawn stand-in for 南通市通州区 (320612): roughly its extent and shape, no streets or
 * grids yet. The real outline and its subdivision replace it with the territory issue.
 */
const OUTLINE: PolygonRings = [
  [
    [120.77, 32.02],
    [120.83, 31.93],
    [120.95, 31.88],
    [121.08, 31.87],
    [121.2, 31.9],
    [121.3, 31.96],
    [121.33, 32.05],
    [121.28, 32.15],
    [121.17, 32.22],
    [121.03, 32.24],
    [120.9, 32.2],
    [120.8, 32.12],
    [120.77, 32.02],
  ],
];

export function placeholderDistrict(): Territory {
  const district = {
    code: '320612',
    name: '通州区',
    level: 0 as const,
    parent: undefined,
    polygons: [OUTLINE],
    bounds: polygonsBounds([OUTLINE]),
  };
  return { district, scopes: [district] };
}
