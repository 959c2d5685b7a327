import { describe, expect, it } from 'vitest';
import { isoAt, parseDuration, activity } from '../../../mock/local-time';
import { parseSimState, planRun, type SimState } from '../../../mock/run-plan';
import { PATROL_HISTORY } from '../../../mock/simulation';
import { DAY, HOUR, MONDAY } from './fixtures';

const now = MONDAY + 10 * DAY;
const same = { seed: 1, rate: 130, fingerprint: 'w', backfill: 3 * DAY };
const previous: SimState = { version: 1, seed: 1, rate: 130, fingerprint: 'w', origin: MONDAY, patrolsFrom: MONDAY - PATROL_HISTORY, sentUntil: now - 5 * HOUR };

describe('planning a start of the in-process simulator', () => {
  it('backfills on the first start, with a month of patrols before', () => {
    expect(planRun({ ...same, previous: undefined, now })).toEqual({ origin: now - 3 * DAY, patrolsFrom: now - 3 * DAY - PATROL_HISTORY, from: now - 3 * DAY - PATROL_HISTORY, kind: 'new' });
  });

  it('goes on with the same run after a restart, catching up the stop', () => {
    expect(planRun({ ...same, previous, now })).toEqual({ origin: MONDAY, patrolsFrom: previous.patrolsFrom, from: now - 5 * HOUR, kind: 'resumed' });
  });

  it('starts a new run where the old one stopped when the rate changed or the stop was too long', () => {
    expect(planRun({ ...same, rate: 60, previous, now })).toEqual({ origin: now - 5 * HOUR, patrolsFrom: now - 5 * HOUR, from: now - 5 * HOUR, kind: 'replaced' });
    const long = planRun({ ...same, previous, now: now + 30 * DAY });
    expect(long.kind).toBe('replaced');
    expect(long.origin).toBe(now + 27 * DAY);
  });

  it('reads back what it saved, and nothing else', () => {
    expect(parseSimState(JSON.stringify(previous))).toEqual(previous);
    expect(parseSimState('{"version":1}')).toBeUndefined();
    expect(parseSimState('not json')).toBeUndefined();
    expect(parseSimState(undefined)).toBeUndefined();
  });
});

describe('simulated local time', () => {
  it('parses durations and writes Asia/Shanghai instants', () => {
    expect(parseDuration('30d')).toBe(30 * DAY);
    expect(parseDuration('12h')).toBe(12 * HOUR);
    expect(parseDuration('3 days')).toBeUndefined();
    expect(isoAt(Date.parse('2026-11-23T06:05:07Z'))).toBe('2026-11-23T14:05:07+08:00');
  });

  it('is busier at 10:00 than at 03:00 local time', () => {
    expect(activity(MONDAY + 10 * HOUR)).toBeGreaterThan(10 * activity(MONDAY + 3 * HOUR));
  });
});
