import { ScatterplotLayer } from '@deck.gl/layers';
import type { IncidentPoint } from '@protocol/index';
import { categoryColor, rgb } from '../../theme/category-palette';
import { NEW_INCIDENT_MS } from '../../stores/live-scope';
import { PALETTE } from '../../theme/palette';


/** How many incidents are drawn as new at `now`: with the data, what the incident layer's look depends on. */
export function newIncidentCount(arrivedAt: ReadonlyMap<string, number>, now: number): number {
  let n = 0;
  for (const t of arrivedAt.values()) if (now - t < NEW_INCIDENT_MS) n++;
  return n;
}

/**
 * Today's incidents as points coloured by category; incidents that arrived in the last minute
 * are larger and ringed. A pure function of its inputs: same inputs, same layer props.
 * The sizes and rings are recomputed when the number of new incidents changes (an incident
 * stops being new), not at every tick of `now`: the set changes otherwise only with the data.
 */
export function incidentLayer(incidents: readonly IncidentPoint[], arrivedAt: ReadonlyMap<string, number>, now: number, scale = 1): ScatterplotLayer<IncidentPoint> {
  const look = newIncidentCount(arrivedAt, now);
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
    updateTriggers: { getRadius: [look, scale], getLineColor: look, getLineWidth: [look, scale] },
  });
}
