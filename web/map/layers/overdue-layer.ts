import { ScatterplotLayer } from '@deck.gl/layers';
import type { LiveMap } from '@protocol/scope-state';
import { overdueHours } from '../overdue-hours';

type Overdue = LiveMap['overdue'][number];

/** How often the rings grow with the hours overdue, ms (their radius is capped at 64 hours). */
const GROW_EVERY_MS = 600_000;

/** The time the rings' sizes are counted from: it moves in steps of `GROW_EVERY_MS`. */
export function overdueGrowthStep(serverNow: number): number {
  return Math.floor(serverNow / GROW_EVERY_MS) * GROW_EVERY_MS;
}

/**
 * Work orders overdue now, as red rings at their incident's place (bigger the longer overdue,
 * counted from `serverNow`, the server's time).
 */
export function overdueLayer(live: LiveMap | undefined, serverNow: number): ScatterplotLayer<Overdue> {
  const at = overdueGrowthStep(serverNow);
  return new ScatterplotLayer<Overdue>({
    id: 'overdue-orders',
    data: live?.overdue ?? [],
    getPosition: (d) => d.location,
    getRadius: (d) => 6 + Math.min(8, Math.sqrt(Math.max(0, overdueHours(d, at)))),
    updateTriggers: { getRadius: at },
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
