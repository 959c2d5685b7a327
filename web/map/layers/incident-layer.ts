import { ScatterplotLayer } from '@deck.gl/layers';
import type { IncidentPoint } from '@protocol/index';
import { categoryColor, rgb } from '../../theme/category-palette';
import { NEW_INCIDENT_MS } from '../../stores/live-scope';
import { PALETTE } from '../../theme/palette';


/**
 * Today's incidents as points coloured by category; incidents that arrived in the last minute
 * are larger and ringed. A pure function of its inputs: same inputs, same layer props.
 */
export function incidentLayer(incidents: readonly IncidentPoint[], arrivedAt: ReadonlyMap<string, number>, now: number, scale = 1): ScatterplotLayer<IncidentPoint> {
  const isNew = (d: IncidentPoint): boolean => now - (arrivedAt.get(d.incidentId) ?? 0) < NEW_INCIDENT_MS;
  return new ScatterplotLayer<IncidentPoint>({
    id: 'incidents',
    data: incidents,
    getPosition: (d) => d.location,
    getRadius: (d) => (isNew(d) ? 9 + d.severity : 2 + d.severity * 0.75) * scale,
    radiusUnits: 'pixels',
    billboard: true,
    getFillColor: (d) => [...rgb(categoryColor(d.category)), 230],
    getLineColor: (d) => (isNew(d) ? [255, 255, 255, 255] : PALETTE.deck.outline),
    getLineWidth: (d) => (isNew(d) ? 2 : 1) * scale,
    lineWidthUnits: 'pixels',
    stroked: true,
    // Hover shows what it is; a click opens its card.
    pickable: true,
    updateTriggers: { getRadius: now, getLineColor: now, getLineWidth: now },
  });
}
