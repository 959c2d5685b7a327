import { describe, expect, it } from 'vitest';
import { MAX_LIVE_INCIDENTS, type IncidentReportedData } from '../../../server/protocol/index';
import { TodayIncidents } from '../../../server/aggregate/today-incidents';
import { previousDay, zonedParts } from '../../../server/aggregate/zoned-time';

const TZ = 'Asia/Shanghai';
const GRID = '320612001001001';

function data(id: string): IncidentReportedData {
  return { incidentId: id, category: 'garbage', source: 'grid', location: [121, 32], severity: 1, description: '' };
}

describe('zoned time', () => {
  it('cuts days and hours in the reports zone, not UTC', () => {
    // 2026-11-22T16:00:00Z is 00:00 on the 23rd in Shanghai; one ms earlier is 23:59:59.999 on the 22nd.
    expect(zonedParts(Date.parse('2026-11-22T16:00:00Z'), TZ)).toEqual({ day: '2026-11-23', hour: 0 });
    expect(zonedParts(Date.parse('2026-11-22T15:59:59.999Z'), TZ)).toEqual({ day: '2026-11-22', hour: 23 });
    expect(zonedParts(Date.parse('2026-11-22T15:59:59.999Z'), 'UTC')).toEqual({ day: '2026-11-22', hour: 15 });
  });

  it('knows the day before across month and year ends', () => {
    expect(previousDay('2026-03-01')).toBe('2026-02-28');
    expect(previousDay('2024-03-01')).toBe('2024-02-29');
    expect(previousDay('2027-01-01')).toBe('2026-12-31');
  });
});

describe('today incidents', () => {
  const now = Date.parse('2026-11-23T10:00:00+08:00');

  it('counts a second report of a listed incident once, as the read models do', () => {
    const t = new TodayIncidents(TZ, now, () => GRID);
    expect(t.apply('2026-11-23T09:30:00+08:00', data('a'))).toHaveLength(4);
    expect(t.apply('2026-11-23T09:40:00+08:00', { ...data('a'), severity: 4 })).toEqual([]);
    expect(t.reportedToday('320612')).toBe(1);
    expect(t.hourly(GRID).today[9]).toBe(1);
    expect(t.incidents(GRID).map((i) => [i.incidentId, i.severity, i.occurredAt])).toEqual([['a', 1, '2026-11-23T09:30:00+08:00']]);
  });

  it('counts an incident in its grid and every ancestor, by hour of the reports zone', () => {
    const t = new TodayIncidents(TZ, now, () => GRID);
    const changes = t.apply('2026-11-23T09:30:00+08:00', data('a'));
    expect(changes.map((c) => c.scope)).toEqual([GRID, '320612001001', '320612001', '320612']);
    for (const scope of ['320612', GRID]) {
      expect(t.reportedToday(scope)).toBe(1);
      expect(t.hourly(scope).today[9]).toBe(1);
      expect(t.incidents(scope).map((i) => i.incidentId)).toEqual(['a']);
    }
    expect(t.reportedToday('320612002')).toBe(0);
  });

  it('puts 23:59:59 in yesterday and 00:00:00 in today', () => {
    const t = new TodayIncidents(TZ, now, () => '320612');
    t.apply('2026-11-22T23:59:59+08:00', data('late'));
    t.apply('2026-11-23T00:00:00+08:00', data('early'));
    expect(t.hourly('320612').yesterday[23]).toBe(1);
    expect(t.hourly('320612').today[0]).toBe(1);
    expect(t.reportedToday('320612')).toBe(1);
    expect(t.incidents('320612').map((i) => i.incidentId)).toEqual(['early']);
  });

  it('caps the live list: past the cap and its slack the oldest leave in one go, named in the change, counts kept', () => {
    const t = new TodayIncidents(TZ, now, () => GRID);
    const over = MAX_LIVE_INCIDENTS + 1000;
    let removed: string[] = [];
    for (let i = 0; i <= over; i++) {
      t.position = i + 1;
      const changes = t.apply('2026-11-23T09:30:00+08:00', data(`i${i}`));
      if (i < over) expect(changes.every((c) => c.removed.length === 0)).toBe(true);
      else removed = changes.find((c) => c.scope === GRID)!.removed;
    }
    // The incident that crossed the slack left the newest MAX_LIVE_INCIDENTS, oldest first.
    expect(removed).toEqual(Array.from({ length: over + 1 - MAX_LIVE_INCIDENTS }, (_, i) => `i${i}`));
    const live = t.incidents(GRID).map((p) => p.incidentId);
    expect(live.length).toBe(MAX_LIVE_INCIDENTS);
    expect(live[0]).toBe(`i${over + 1 - MAX_LIVE_INCIDENTS}`);
    expect(live.at(-1)).toBe(`i${over}`);
    expect(t.reportedToday(GRID)).toBe(over + 1);
    expect(t.trimmedSince(GRID, over)).toBe(true);
    expect(t.trimmedSince(GRID, over + 1)).toBe(false);
    // Trimmed again a thousand later: the list stays at the cap and in order.
    for (let i = over + 1; i <= over + 1001; i++) t.apply('2026-11-23T09:31:00+08:00', data(`i${i}`));
    const again = t.incidents(GRID).map((p) => p.incidentId);
    expect(again.length).toBe(MAX_LIVE_INCIDENTS);
    expect(again.at(-1)).toBe(`i${over + 1001}`);
    expect(again[0]).toBe(`i${over + 1002 - MAX_LIVE_INCIDENTS}`);
  });

  it('ignores incidents older than yesterday', () => {
    const t = new TodayIncidents(TZ, now, () => '320612');
    expect(t.apply('2026-11-21T12:00:00+08:00', data('old'))).toEqual([]);
    expect(t.reportedToday('320612')).toBe(0);
  });

  it('turns the day: today becomes yesterday and the live list empties', () => {
    const t = new TodayIncidents(TZ, now, () => '320612');
    t.apply('2026-11-23T09:00:00+08:00', data('a'));
    expect(t.rollTo(Date.parse('2026-11-23T23:59:00+08:00'))).toEqual([]);
    const changes = t.rollTo(Date.parse('2026-11-24T00:00:01+08:00'));
    expect(changes).toEqual([{ scope: '320612', added: [], removed: ['a'] }]);
    expect(t.day).toBe('2026-11-24');
    expect(t.reportedToday('320612')).toBe(0);
    expect(t.hourly('320612').yesterday[9]).toBe(1);
    expect(t.incidents('320612')).toEqual([]);
  });
});
