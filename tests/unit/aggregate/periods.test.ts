import { describe, expect, it } from 'vitest';
import {
  asOf,
  classifyPeriod,
  dayKey,
  daysIn,
  hourOfDay,
  monthKey,
  parsePeriod,
  presetPeriod,
  previousPeriod,
  startOfDay,
  startOfMonth,
  startOfWeek,
  weekKey,
  yearAgoPeriod,
} from '../../../server/aggregate/periods';
import type { Period } from '../../../server/aggregate/periods';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';
const H = 3_600_000;
const D = 24 * H;
const t = (iso: string): number => Date.parse(iso);
/** A period from two ISO instants. */
const p = (from: string, to: string): Period => ({ from: t(from), to: t(to) });

describe('days, weeks and months in Asia/Shanghai', () => {
  it('puts 23:59:59.999 in its day and 00:00:00 in the next', () => {
    const last = t('2026-11-23T23:59:59.999+08:00');
    const next = t('2026-11-24T00:00:00+08:00');
    expect([dayKey(last, SH), hourOfDay(last, SH)]).toEqual(['2026-11-23', 23]);
    expect([dayKey(next, SH), hourOfDay(next, SH)]).toEqual(['2026-11-24', 0]);
    expect(startOfDay(last, SH)).toBe(t('2026-11-23T00:00:00+08:00'));
    expect(startOfDay(next, SH)).toBe(next);
    // The same instant is still the 23rd, 15 h, in UTC: days are cut in the zone given.
    expect([dayKey(last, 'UTC'), hourOfDay(last, 'UTC')]).toEqual(['2026-11-23', 15]);
  });

  it('starts a week on Monday 00:00 local', () => {
    // 2026-11-23 is a Monday; Sunday 29th 23:59:59.999 is still its week, Monday 30th starts the next.
    const monday = t('2026-11-23T00:00:00+08:00');
    expect(startOfWeek(t('2026-11-29T23:59:59.999+08:00'), SH)).toBe(monday);
    expect(startOfWeek(monday, SH)).toBe(monday);
    expect(startOfWeek(monday - 1, SH)).toBe(t('2026-11-16T00:00:00+08:00'));
    expect(weekKey(t('2026-11-29T12:00:00+08:00'), SH)).toBe('2026-11-23');
    expect(presetPeriod('week', t('2026-11-25T09:00:00+08:00'), SH)).toEqual(p('2026-11-23T00:00:00+08:00', '2026-11-30T00:00:00+08:00'));
  });

  it('cuts months on the 1st, 00:00 local', () => {
    expect(startOfMonth(t('2026-01-31T23:59:59.999+08:00'), SH)).toBe(t('2026-01-01T00:00:00+08:00'));
    expect(monthKey(t('2026-01-31T23:59:59.999+08:00'), SH)).toBe('2026-01');
    // 2026-01-31T16:00Z is Feb 1st 00:00 in Shanghai but still January in UTC.
    expect(monthKey(t('2026-01-31T16:00:00Z'), SH)).toBe('2026-02');
    expect(monthKey(t('2026-01-31T16:00:00Z'), 'UTC')).toBe('2026-01');
    expect(presetPeriod('month', t('2026-01-31T12:00:00+08:00'), SH)).toEqual(p('2026-01-01T00:00:00+08:00', '2026-02-01T00:00:00+08:00'));
    expect(presetPeriod('day', t('2026-01-31T12:00:00+08:00'), SH)).toEqual(p('2026-01-31T00:00:00+08:00', '2026-02-01T00:00:00+08:00'));
  });
});

describe('classifyPeriod', () => {
  it.each([
    ['day', '2026-11-23T00:00:00+08:00', '2026-11-24T00:00:00+08:00'],
    ['week', '2026-11-23T00:00:00+08:00', '2026-11-30T00:00:00+08:00'],
    ['month', '2026-02-01T00:00:00+08:00', '2026-03-01T00:00:00+08:00'],
    ['month', '2024-02-01T00:00:00+08:00', '2024-03-01T00:00:00+08:00'],
    // Same instants written in UTC: the offset of the text does not matter.
    ['day', '2026-11-22T16:00:00Z', '2026-11-23T16:00:00Z'],
    // Not calendar units: shifted by an hour, two days, a week from a Tuesday, a UTC day.
    ['custom', '2026-11-23T01:00:00+08:00', '2026-11-24T01:00:00+08:00'],
    ['custom', '2026-11-23T00:00:00+08:00', '2026-11-25T00:00:00+08:00'],
    ['custom', '2026-11-24T00:00:00+08:00', '2026-12-01T00:00:00+08:00'],
    ['custom', '2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z'],
  ] as const)('calls it %s: [%s, %s)', (kind, from, to) => {
    expect(classifyPeriod(p(from, to), SH)).toBe(kind);
  });
});

describe('previousPeriod (环比)', () => {
  it('takes the previous day across a month end', () => {
    expect(previousPeriod(p('2026-03-01T00:00:00+08:00', '2026-03-02T00:00:00+08:00'), SH)).toEqual(p('2026-02-28T00:00:00+08:00', '2026-03-01T00:00:00+08:00'));
  });

  it('takes the previous Monday-first week', () => {
    expect(previousPeriod(p('2026-11-23T00:00:00+08:00', '2026-11-30T00:00:00+08:00'), SH)).toEqual(p('2026-11-16T00:00:00+08:00', '2026-11-23T00:00:00+08:00'));
  });

  it('takes February before March, with its own length', () => {
    // March 2026's previous: February 2026, 28 days; March 2024's: February 2024, 29 days.
    const feb2026 = previousPeriod(presetPeriod('month', t('2026-03-31T12:00:00+08:00'), SH), SH);
    expect(feb2026).toEqual(p('2026-02-01T00:00:00+08:00', '2026-03-01T00:00:00+08:00'));
    expect(feb2026.to - feb2026.from).toBe(28 * D);
    const feb2024 = previousPeriod(p('2024-03-01T00:00:00+08:00', '2024-04-01T00:00:00+08:00'), SH);
    expect(feb2024).toEqual(p('2024-02-01T00:00:00+08:00', '2024-03-01T00:00:00+08:00'));
    expect(feb2024.to - feb2024.from).toBe(29 * D);
    // The month holding Jan 31 is January; its previous is December of the year before.
    expect(previousPeriod(presetPeriod('month', t('2026-01-31T12:00:00+08:00'), SH), SH)).toEqual(p('2025-12-01T00:00:00+08:00', '2026-01-01T00:00:00+08:00'));
  });

  it('takes the interval of equal length just before a custom range', () => {
    // 2 days 6 hours ending where the range starts.
    expect(previousPeriod(p('2026-11-10T06:00:00+08:00', '2026-11-12T12:00:00+08:00'), SH)).toEqual(p('2026-11-08T00:00:00+08:00', '2026-11-10T06:00:00+08:00'));
  });
});

describe('yearAgoPeriod (同比)', () => {
  it('takes the same calendar range one year earlier', () => {
    expect(yearAgoPeriod(p('2026-11-23T00:00:00+08:00', '2026-11-30T00:00:00+08:00'), SH)).toEqual(p('2025-11-23T00:00:00+08:00', '2025-11-30T00:00:00+08:00'));
    expect(yearAgoPeriod(p('2026-11-10T06:00:00+08:00', '2026-11-12T12:00:00+08:00'), SH)).toEqual(p('2025-11-10T06:00:00+08:00', '2025-11-12T12:00:00+08:00'));
  });

  it('maps February of a leap year to a 28-day February', () => {
    const r = yearAgoPeriod(p('2024-02-01T00:00:00+08:00', '2024-03-01T00:00:00+08:00'), SH);
    expect(r).toEqual(p('2023-02-01T00:00:00+08:00', '2023-03-01T00:00:00+08:00'));
    expect(classifyPeriod(r, SH)).toBe('month');
  });

  it('maps Feb 29 to Feb 28', () => {
    expect(yearAgoPeriod(p('2024-02-29T00:00:00+08:00', '2024-03-01T00:00:00+08:00'), SH)).toEqual(p('2023-02-28T00:00:00+08:00', '2023-03-01T00:00:00+08:00'));
    expect(yearAgoPeriod(p('2024-02-20T00:00:00+08:00', '2024-02-29T00:00:00+08:00'), SH)).toEqual(p('2023-02-20T00:00:00+08:00', '2023-02-28T00:00:00+08:00'));
    // The year after a leap year: the day 2025-02-28 maps to the day 2024-02-28, Feb 29 is left out.
    expect(yearAgoPeriod(p('2025-02-28T00:00:00+08:00', '2025-03-01T00:00:00+08:00'), SH)).toEqual(p('2024-02-28T00:00:00+08:00', '2024-02-29T00:00:00+08:00'));
    // A custom range keeps its calendar dates: [Feb 20, Mar 5) of 2025 gains Feb 29 in 2024 (14 days, not 13).
    const custom = yearAgoPeriod(p('2025-02-20T00:00:00+08:00', '2025-03-05T00:00:00+08:00'), SH);
    expect(custom).toEqual(p('2024-02-20T00:00:00+08:00', '2024-03-05T00:00:00+08:00'));
    expect(custom.to - custom.from).toBe(14 * D);
  });
});

describe('asOf and daysIn', () => {
  const nov = p('2026-11-01T00:00:00+08:00', '2026-12-01T00:00:00+08:00');

  it('reads a running period now and a past one at its end', () => {
    expect(asOf(nov, t('2026-11-23T10:00:00+08:00'))).toBe(t('2026-11-23T10:00:00+08:00'));
    expect(asOf(nov, t('2027-01-01T00:00:00+08:00'))).toBe(nov.to);
  });

  it('lists the local midnights of every day a period touches', () => {
    expect(daysIn(nov, SH)).toHaveLength(30);
    expect(daysIn(p('2024-02-01T00:00:00+08:00', '2024-03-01T00:00:00+08:00'), SH)).toHaveLength(29);
    // 10:00 on the 10th to 10:00 on the 12th touches three days.
    expect(daysIn(p('2026-11-10T10:00:00+08:00', '2026-11-12T10:00:00+08:00'), SH).map((d) => dayKey(d, SH))).toEqual(['2026-11-10', '2026-11-11', '2026-11-12']);
  });
});

describe('parsePeriod', () => {
  it('reads two instants with offsets', () => {
    expect(parsePeriod('2026-11-23T00:00:00+08:00', '2026-11-24T00:00:00Z')).toEqual({ ok: true, period: p('2026-11-23T00:00:00+08:00', '2026-11-24T00:00:00Z') });
    expect(parsePeriod('2026-11-23T00:00:00.250+08:00', '2026-11-24T00:00:00+08:00')).toMatchObject({ ok: true, period: { from: t('2026-11-22T16:00:00.250Z') } });
  });

  it('refuses an instant without an offset, or not a date-time at all, on its own path', () => {
    const r = parsePeriod('2026-11-23T00:00:00', '2026-11-24');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues.map((i) => i.path)).toEqual(['from', 'to']);
    expect(!r.ok && r.issues[0]!.message).toMatch(/offset/);
    expect(parsePeriod('2026-11-23T00:00:00Z', 'tomorrow')).toMatchObject({ ok: false, issues: [{ path: 'to' }] });
    expect(parsePeriod('2026-02-30T00:00:00Z', '2026-03-02T00:00:00Z')).toMatchObject({ ok: false, issues: [{ path: 'from' }] });
  });

  it('refuses to at or before from', () => {
    const same = parsePeriod('2026-11-23T00:00:00+08:00', '2026-11-22T16:00:00Z');
    expect(same).toEqual({ ok: false, issues: [{ path: 'to', message: 'must be after from' }] });
    expect(parsePeriod('2026-11-23T00:00:00Z', '2026-11-22T00:00:00Z')).toMatchObject({ ok: false, issues: [{ path: 'to', message: 'must be after from' }] });
  });

  it('allows 366 days and refuses 367', () => {
    expect(parsePeriod('2024-01-01T00:00:00+08:00', '2025-01-01T00:00:00+08:00').ok).toBe(true);
    expect(parsePeriod('2024-01-01T00:00:00+08:00', '2025-01-02T00:00:00+08:00')).toEqual({
      ok: false,
      issues: [{ path: 'to', message: 'the period must not be longer than 366 days' }],
    });
    expect(parsePeriod('2024-01-01T00:00:00+08:00', '2025-01-01T00:00:00.001+08:00').ok).toBe(false);
  });
});

describe('a DST zone (America/New_York)', () => {
  // 2026-03-08: clocks go from 02:00 EST (-05) to 03:00 EDT (-04). 2026-11-01: from 02:00 EDT back to 01:00 EST.
  it('makes the spring-forward day 23 h and the fall-back day 25 h long', () => {
    const spring = presetPeriod('day', t('2026-03-08T12:00:00-04:00'), NY);
    expect(spring).toEqual(p('2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00'));
    expect(spring.to - spring.from).toBe(23 * H);
    expect(classifyPeriod(spring, NY)).toBe('day');
    // 24 h from the same midnight is not a calendar day there.
    expect(classifyPeriod({ from: spring.from, to: spring.from + D }, NY)).toBe('custom');
    const fall = presetPeriod('day', t('2026-11-01T12:00:00-05:00'), NY);
    expect(fall.to - fall.from).toBe(25 * H);
  });

  it('reads local hours, not a fixed offset', () => {
    // One ms before 07:00Z is 01:59:59.999 EST; 07:00Z is 03:00 EDT: hour 2 does not exist that day.
    expect(hourOfDay(t('2026-03-08T06:59:59.999Z'), NY)).toBe(1);
    expect(hourOfDay(t('2026-03-08T07:00:00Z'), NY)).toBe(3);
    // 07:00Z is 03:00 local every day after the change and 02:00 every day before it.
    expect(hourOfDay(t('2026-03-09T07:00:00Z'), NY)).toBe(3);
    expect(hourOfDay(t('2026-03-07T07:00:00Z'), NY)).toBe(2);
  });

  it('lists local midnights across the change, not steps of 24 h', () => {
    const week = presetPeriod('week', t('2026-03-08T12:00:00-04:00'), NY);
    // Week of Monday March 2nd: 7 days, one of them 23 h long.
    expect(week).toEqual(p('2026-03-02T00:00:00-05:00', '2026-03-09T00:00:00-04:00'));
    expect(week.to - week.from).toBe(7 * D - H);
    const days = daysIn(week, NY);
    expect(days.map((d) => dayKey(d, NY))).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08']);
    expect(days.every((d) => hourOfDay(d, NY) === 0)).toBe(true);
    expect(previousPeriod({ from: week.to, to: t('2026-03-16T00:00:00-04:00') }, NY)).toEqual(week);
  });

  it('throws on an unknown zone', () => {
    expect(() => dayKey(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
