import { ScatterplotLayer } from '@deck.gl/layers';
import type { LiveMap } from '@protocol/scope-state';

type Overdue = LiveMap['overdue'][number];

/** Work orders overdue now, as red rings at their incident's place (bigger the longer overdue). */
export function overdueLayer(live: LiveMap | undefined): ScatterplotLayer<Overdue> {
  return new ScatterplotLayer<Overdue>({
    id: 'overdue-orders',
    data: live?.overdue ?? [],
    getPosition: (d) => d.location,
    getRadius: (d) => 6 + Math.min(8, Math.sqrt(Math.max(0, d.overdueHours))),
    radiusUnits: 'pixels',
    filled: false,
    stroked: true,
    getLineColor: [255, 90, 90, 235],
    getLineWidth: 2.5,
    lineWidthUnits: 'pixels',
    billboard: true,
    pickable: true,
  });
}
