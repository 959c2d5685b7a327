import { GeoJsonLayer } from '@deck.gl/layers';
import type { ScopeFeature } from '../boundaries';

/**
 * The drilled scope's outline, bright and thick, and its children's outlines, thin: where the
 * leader is and what a next click can open. Not pickable: clicks go to the map, which finds the
 * child under the point in the scope index.
 */
export function focusLayer(scope: ScopeFeature | undefined, children: readonly ScopeFeature[], color: [number, number, number, number], scale = 1): GeoJsonLayer {
  return new GeoJsonLayer({
    id: 'drill-focus',
    data: outlines(scope, children),
    filled: false,
    stroked: true,
    getLineColor: (f) => ((f as ScopeFeature) === scope ? color : [color[0], color[1], color[2], 140]),
    getLineWidth: (f) => ((f as ScopeFeature) === scope ? 3.5 : 1.2) * scale,
    lineWidthUnits: 'pixels',
    pickable: false,
    updateTriggers: { getLineColor: [scope, color], getLineWidth: [scope, scale] },
  });
}

/** The last outlines drawn: the same array for the same scope, so a redraw with live data does not lay the lines out again. */
let drawn: { scope: ScopeFeature | undefined; children: readonly ScopeFeature[]; data: ScopeFeature[] } | undefined;
function outlines(scope: ScopeFeature | undefined, children: readonly ScopeFeature[]): ScopeFeature[] {
  if (!drawn || drawn.scope !== scope || drawn.children !== children) drawn = { scope, children, data: scope ? [...children, scope] : [] };
  return drawn.data;
}
