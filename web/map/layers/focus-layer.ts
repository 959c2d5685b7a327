import { GeoJsonLayer } from '@deck.gl/layers';
import type { ScopeFeature } from '../boundaries';

/**
 * The drilled scope's outline, bright and thick, and its children's outlines, thin: where the
 * leader is and what a next click can open. Not pickable: clicks go to the map, which finds the
 * child under the point in the scope index. `outlines`: the children and the scope itself.
 */
export function focusLayer(scope: ScopeFeature | undefined, outlines: ScopeFeature[], color: [number, number, number, number], scale = 1): GeoJsonLayer {
  return new GeoJsonLayer({
    id: 'drill-focus',
    data: outlines,
    filled: false,
    stroked: true,
    getLineColor: (f) => ((f as ScopeFeature) === scope ? color : [color[0], color[1], color[2], 140]),
    getLineWidth: (f) => ((f as ScopeFeature) === scope ? 3.5 : 1.2) * scale,
    lineWidthUnits: 'pixels',
    pickable: false,
    updateTriggers: { getLineColor: [scope, color], getLineWidth: [scope, scale] },
  });
}

