import type { GridMetric } from './layers/grid-layer';

/** The map's switchable layers (`?layers=a,b` picks them; the legend toggles them). */
export const LAYER_IDS = ['grids', 'incidents', 'overdue', 'cameras'] as const;
export type LayerId = (typeof LAYER_IDS)[number];

export interface MapLayerState {
  visible: Record<LayerId, boolean>;
  metric: GridMetric;
}

/** The default set, or the URL's. */
export function initialLayers(fromUrl: string[] | undefined): MapLayerState {
  const on = (id: LayerId): boolean => (fromUrl ? fromUrl.includes(id) : id !== 'cameras');
  return { visible: { grids: on('grids'), incidents: on('incidents'), overdue: on('overdue'), cameras: on('cameras') }, metric: 'reported' };
}
