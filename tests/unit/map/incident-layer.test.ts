import { describe, expect, it } from 'vitest';
import type { IncidentPoint } from '../../../server/protocol/index';
import { incidentLayer } from '../../../web/map/layers/incident-layer';

const point = (incidentId: string): IncidentPoint =>
  ({ incidentId, category: 'garbage', source: 'grid', severity: 2, location: [121.05, 32.06], scope: '320612001001001', occurredAt: '2026-11-24T02:00:00.000Z' }) as IncidentPoint;

describe('the incident layer', () => {
  const incidents = [point('A'), point('B')];
  const t0 = Date.parse('2026-11-24T02:00:00.000Z');
  // A arrived at t0, B 30 s later: both are new for a minute after their arrival.
  const arrivedAt = new Map([
    ['A', t0],
    ['B', t0 + 30_000],
  ]);
  const triggers = (now: number): unknown => incidentLayer(incidents, arrivedAt, now).props.updateTriggers;
  const radius = (now: number, i: number): number => {
    const layer = incidentLayer(incidents, arrivedAt, now);
    return (layer.props.getRadius as (d: IncidentPoint) => number)(incidents[i]!);
  };

  it('keeps its look (update triggers) while the clock ticks and the same incidents are new', () => {
    expect(triggers(t0 + 31_000)).toEqual(triggers(t0 + 59_000));
  });

  it('changes it when an incident stops being new, and draws that incident small', () => {
    expect(triggers(t0 + 61_000)).not.toEqual(triggers(t0 + 59_000));
    expect(radius(t0 + 59_000, 0)).toBeGreaterThan(radius(t0 + 61_000, 0));
    expect(radius(t0 + 61_000, 1)).toBe(radius(t0 + 59_000, 1));
  });
});
