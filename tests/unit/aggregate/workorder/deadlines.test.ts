import { describe, expect, it } from 'vitest';
import {
  acceptanceDeadlineOf,
  applicableDeadline,
  atRiskAt,
  clocksOfDispatch,
  deadlineStatus,
  overdueAt,
  reminderInstants,
  resolutionDeadlineOf,
} from '../../../../server/aggregate/workorder/deadlines';
import type { ApplicableDeadline } from '../../../../server/aggregate/workorder/deadlines';
import { D, H, T0 } from './moves';

describe('deadline rules', () => {
  it('asks for acceptance within 12 h of the dispatch', () => {
    expect(acceptanceDeadlineOf(T0)).toBe(T0 + 12 * H);
  });

  it.each([
    ['street', 1 * D],
    ['district', 3 * D],
    ['city', 7 * D],
  ] as const)('137 rule: %s resolves within %i ms', (level, limit) => {
    expect(resolutionDeadlineOf(T0, level)).toBe(T0 + limit);
  });

  it('lets a deadline sent with the dispatch replace the rule (but not the acceptance deadline)', () => {
    const sent = T0 + 5 * H;
    expect(resolutionDeadlineOf(T0, 'city', sent)).toBe(sent);
    expect(clocksOfDispatch(T0, 'city', sent)).toEqual({ latestDispatchAt: T0, acceptanceDeadline: T0 + 12 * H, resolutionDeadline: sent });
  });
});

describe('applicable deadline', () => {
  const clocks = clocksOfDispatch(T0, 'district');

  it('is the acceptance deadline while dispatched', () => {
    expect(applicableDeadline('dispatched', clocks)).toEqual({ kind: 'acceptance', start: T0, deadline: T0 + 12 * H });
  });

  it.each(['accepted', 'handling', 'returned'] as const)('is the resolution deadline in %s', (state) => {
    expect(applicableDeadline(state, clocks)).toEqual({ kind: 'resolution', start: T0, deadline: T0 + 3 * D });
  });

  it.each(['resolved', 'verified', 'closed', undefined] as const)('is none in %s', (state) => {
    expect(applicableDeadline(state, clocks)).toBeUndefined();
  });
});

describe('at risk and overdue boundaries', () => {
  // Acceptance: 12 h allowed; at risk from 80 % = 9.6 h = 9 h 36 min = 34,560,000 ms after T0.
  const acceptance: ApplicableDeadline = { kind: 'acceptance', start: T0, deadline: T0 + 12 * H };
  const riskAt = T0 + 9 * H + 36 * 60_000;

  it('is on time until just before 80 % of the allowed time', () => {
    expect(atRiskAt(acceptance)).toBe(riskAt);
    expect(deadlineStatus(acceptance, T0)).toBe('on-time');
    expect(deadlineStatus(acceptance, riskAt - 1)).toBe('on-time');
  });

  it('is at risk exactly at 80 % and still at the deadline itself', () => {
    expect(deadlineStatus(acceptance, riskAt)).toBe('at-risk');
    expect(deadlineStatus(acceptance, T0 + 12 * H)).toBe('at-risk');
  });

  it('is overdue one millisecond past the deadline', () => {
    expect(overdueAt(acceptance)).toBe(T0 + 12 * H + 1);
    expect(deadlineStatus(acceptance, T0 + 12 * H + 1)).toBe('overdue');
  });

  it.each([
    // street: 24 h → 19.2 h = 19 h 12 min; district: 72 h → 57.6 h = 57 h 36 min; city: 168 h → 134.4 h = 134 h 24 min.
    ['street', 1 * D, 19 * H + 12 * 60_000],
    ['district', 3 * D, 57 * H + 36 * 60_000],
    ['city', 7 * D, 134 * H + 24 * 60_000],
  ] as const)('puts the %s resolution reminders at 80 %% and just past the deadline', (level, limit, risk) => {
    const d: ApplicableDeadline = { kind: 'resolution', start: T0, deadline: resolutionDeadlineOf(T0, level) };
    expect(reminderInstants(d)).toEqual({ atRiskAt: T0 + risk, overdueAt: T0 + limit + 1 });
  });

  it('rounds a fractional 80 % up to the first millisecond that is at risk', () => {
    // 0.8 * 7 ms = 5.6 ms: at 5 ms not yet (5 < 5.6), at 6 ms at risk.
    const d: ApplicableDeadline = { kind: 'resolution', start: 0, deadline: 7 };
    expect(atRiskAt(d)).toBe(6);
    expect(deadlineStatus(d, 5)).toBe('on-time');
    expect(deadlineStatus(d, 6)).toBe('at-risk');
  });

  it('makes a deadline at or before its start at risk at once, overdue past it', () => {
    const d: ApplicableDeadline = { kind: 'resolution', start: T0, deadline: T0 - H };
    expect(deadlineStatus(d, T0)).toBe('overdue');
    const same: ApplicableDeadline = { kind: 'resolution', start: T0, deadline: T0 };
    expect(deadlineStatus(same, T0)).toBe('at-risk');
    expect(deadlineStatus(same, T0 + 1)).toBe('overdue');
  });
});
