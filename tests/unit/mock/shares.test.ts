import { describe, expect, it } from 'vitest';
import { localHour } from '../../../mock/local-time';
import { simulate } from '../../../mock/simulation';
import { connect10sShare, dispatchAccuracy, offlineShare, onTimeShare, patrolCompletion, satisfaction } from './measure';
import { DAY, MONDAY, tinyWorld, wideWorld } from './fixtures';

// A simulated week; the orders of its last days are still open at its end, as they would be.
const week = [...simulate({ world: tinyWorld, seed: 11, rate: 60, origin: MONDAY, to: MONDAY + 7 * DAY })];
const incidents = week.filter((e) => e.event.type === 'incident.reported');

describe('a simulated week: the shapes and shares a duty officer would expect', () => {
  it('has about `rate` incidents an hour, quiet at night and peaking in the morning and afternoon', () => {
    expect(incidents.length / (7 * 24)).toBeGreaterThan(55);
    expect(incidents.length / (7 * 24)).toBeLessThan(65);
    const byHour = new Array<number>(24).fill(0);
    for (const e of incidents) byHour[localHour(e.at)]! += 1;
    expect(byHour[10]!).toBeGreaterThan(5 * byHour[3]!);
    expect(byHour[15]!).toBeGreaterThan(1.3 * byHour[12]!);
  });

  it('has grid workers report most, then the hotline, snapshots, cameras and 110; severity mostly 1-2', () => {
    const count = (source: string): number => incidents.filter((e) => e.event.type === 'incident.reported' && e.event.data.source === source).length;
    const [grid, hotline, snapshot, camera, linkage] = ['grid', 'hotline', 'snapshot', 'camera', 'linkage'].map(count) as [number, number, number, number, number];
    expect(grid).toBeGreaterThan(hotline);
    expect(hotline).toBeGreaterThan(snapshot);
    expect(snapshot).toBeGreaterThan(camera);
    expect(camera).toBeGreaterThan(linkage);
    const low = incidents.filter((e) => e.event.type === 'incident.reported' && e.event.data.severity <= 2).length;
    expect(low / incidents.length).toBeGreaterThan(0.8);
  });

  it('dispatches ~70 % to the street, ~25 % to the district, ~5 % to the city', () => {
    const first = week.filter((e) => e.event.type === 'workorder.transitioned' && e.event.data.to === 'dispatched' && !e.event.data.note);
    const share = (level: string): number => first.filter((e) => e.event.type === 'workorder.transitioned' && e.event.data.level === level).length / first.length;
    expect(share('street')).toBeGreaterThan(0.64);
    expect(share('street')).toBeLessThan(0.76);
    expect(share('district')).toBeGreaterThan(0.2);
    expect(share('city')).toBeGreaterThan(0.02);
    expect(share('city')).toBeLessThan(0.08);
  });

  it('resolves 85-99 % of orders on time', () => {
    const { share } = onTimeShare(week);
    expect(share).toBeGreaterThan(0.85);
    expect(share).toBeLessThan(0.99);
  });

  it('connects 92-98 % of 12345 calls within 10 s, with some abandoned', () => {
    const { share, abandoned } = connect10sShare(week);
    expect(share).toBeGreaterThan(0.92);
    expect(share).toBeLessThan(0.98);
    expect(abandoned).toBeGreaterThan(0);
  });

  it('leaves 95-99.5 % of raters satisfied, and most closed orders rated', () => {
    const { share, ratedShare } = satisfaction(week);
    expect(share).toBeGreaterThan(0.95);
    expect(share).toBeLessThan(0.995);
    expect(ratedShare).toBeGreaterThan(0.5);
  });

  it('returns a few percent of dispatches (dispatch accuracy near 95 %)', () => {
    expect(dispatchAccuracy(week)).toBeGreaterThan(0.92);
    expect(dispatchAccuracy(week)).toBeLessThan(0.98);
  });

  it('keeps 2-4 % of cameras offline and 85-95 % of rental buildings patrolled as their level asks', () => {
    const world = wideWorld(2000, 3000);
    const events = [...simulate({ world, seed: 3, rate: 1, origin: MONDAY, to: MONDAY + 14 * DAY })];
    const offline = offlineShare(events, world.cameras, MONDAY + 7 * DAY, MONDAY + 14 * DAY);
    expect(offline).toBeGreaterThan(0.02);
    expect(offline).toBeLessThan(0.04);
    for (const asOf of [MONDAY, MONDAY + 7 * DAY, MONDAY + 14 * DAY]) {
      const completion = patrolCompletion(events, world.rentals, asOf);
      expect(completion).toBeGreaterThan(0.85);
      expect(completion).toBeLessThan(0.95);
    }
  });
});
