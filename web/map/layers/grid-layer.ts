import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { LiveMap } from '@protocol/scope-state';

/** Which number colours the grids. */
export type GridMetric = 'reported' | 'overdue' | 'persons';

type GridFeature = Feature<Geometry, { code: string; name: string }>;

/**
 * Grids coloured by one number of the live map (today's incidents, overdue orders now, or
 * key-population records: counts, never persons). A sequential blue scale for counts; overdue in
 * red, the colour reserved for it. Grids with nothing stay clear.
 */
export function gridLayer(grids: FeatureCollection | undefined, live: LiveMap | undefined, metric: GridMetric): GeoJsonLayer<GridFeature['properties']> {
  const values = new Map((live?.grids ?? []).map((g) => [g.code, g[metric]] as const));
  let max = 1;
  for (const v of values.values()) max = Math.max(max, v);
  const color = (v: number): [number, number, number, number] => {
    if (v <= 0) return [0, 0, 0, 0];
    const k = Math.sqrt(v / max);
    return metric === 'overdue' ? [255, 90, 90, Math.round(40 + 150 * k)] : [79, 163, 255, Math.round(30 + 150 * k)];
  };
  return new GeoJsonLayer<GridFeature['properties']>({
    id: 'grid-choropleth',
    data: (grids?.features ?? []) as GridFeature[],
    filled: true,
    stroked: false,
    getFillColor: (f) => color(values.get((f as GridFeature).properties.code) ?? 0),
    pickable: true,
    updateTriggers: { getFillColor: [live, metric] },
  });
}
