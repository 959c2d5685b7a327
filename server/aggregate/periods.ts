/**
 * Periods of the reports (domain.md, "Periods"): half-open intervals of instants `[from, to)`,
 * cut into hours, days, Monday-first weeks and months in the reports' time zone (`TZ_REPORTS`),
 * never by fixed offsets, so days of 23 or 25 hours in a DST zone come out right. Pure: `now` and
 * the zone are passed in. Instants are epoch milliseconds.
 */
import { DateTime } from 'luxon';
import { isoInstant } from '../protocol/primitives';

/** A half-open interval of instants `[from, to)`, epoch ms. */
export interface Period {
  from: number;
  to: number;
}

/** A calendar unit of the reports: a day, a Monday-first week, a month. */
export type CalendarUnit = 'day' | 'week' | 'month';

/** A calendar unit, or anything else. */
export type PeriodKind = CalendarUnit | 'custom';

/** A problem with one end of a requested period. */
export interface PeriodIssue {
  path: 'from' | 'to';
  message: string;
}

/** The result of {@link parsePeriod}. */
export type ParsedPeriod = { ok: true; period: Period } | { ok: false; issues: PeriodIssue[] };

/** The longest period: 366 days (a leap year), as a duration. */
export const MAX_PERIOD_MS = 366 * 24 * 3_600_000;

/**
 * Reads a period from two ISO 8601 instants with an offset (`Z` or `+08:00`; a local time is
 * ambiguous). Issues: an end that is not such an instant (on its own path); `to` not after
 * `from`, or more than 366 days after it (on `to`). The length is a duration (366 × 24 h), the
 * same in every zone.
 */
export function parsePeriod(from: string, to: string): ParsedPeriod {
  const issues: PeriodIssue[] = [];
  const f = parseInstant(from);
  const t = parseInstant(to);
  if (f === undefined) issues.push({ path: 'from', message: INSTANT_MESSAGE });
  if (t === undefined) issues.push({ path: 'to', message: INSTANT_MESSAGE });
  if (f !== undefined && t !== undefined) {
    if (t <= f) issues.push({ path: 'to', message: 'must be after from' });
    else if (t - f > MAX_PERIOD_MS) issues.push({ path: 'to', message: 'the period must not be longer than 366 days' });
  }
  return f !== undefined && t !== undefined && issues.length === 0 ? { ok: true, period: { from: f, to: t } } : { ok: false, issues };
}

/**
 * `day`, `week` or `month` when the period is exactly one calendar day, one Monday-first week or
 * one calendar month in `zone` (from its local midnight to the next unit's); else `custom`.
 */
export function classifyPeriod(p: Period, zone: string): PeriodKind {
  const start = at(p.from, zone);
  for (const unit of CALENDAR_UNITS) {
    if (start.startOf(unit).toMillis() === p.from && start.plus(ONE[unit]).toMillis() === p.to) return unit;
  }
  return 'custom';
}

/**
 * 环比: the previous calendar unit for a day, week or month (the previous month keeps its own
 * length: March's previous is February, 28 or 29 days); the interval of equal length just before
 * a custom period.
 */
export function previousPeriod(p: Period, zone: string): Period {
  const kind = classifyPeriod(p, zone);
  if (kind === 'custom') return { from: p.from - (p.to - p.from), to: p.from };
  return { from: at(p.from, zone).minus(ONE[kind]).toMillis(), to: p.from };
}

/**
 * 同比: the same calendar range one year earlier, read in `zone`. A day, week or month starts on
 * the same local date one year back and keeps its unit's length there (a week maps to the same
 * dates, not the same ISO week; February 2024 maps to February 2023, 28 days). Feb 29 has no
 * match and becomes Feb 28: the day 2024-02-29 maps to the day 2023-02-28, and the day
 * 2025-02-28 to the day 2024-02-28 (Feb 29 left out). A custom range moves both ends one year
 * back, keeping local date and time (an end on Feb 29 becomes Feb 28; a range that spans the end
 * of February may gain or lose that day). A local time that does not exist a year earlier (a DST
 * gap) moves forward past the gap.
 */
export function yearAgoPeriod(p: Period, zone: string): Period {
  const kind = classifyPeriod(p, zone);
  const from = at(p.from, zone).minus({ years: 1 });
  if (kind !== 'custom') return { from: from.toMillis(), to: from.plus(ONE[kind]).toMillis() };
  return { from: from.toMillis(), to: at(p.to, zone).minus({ years: 1 }).toMillis() };
}

/** "As of" a period: the instant its states ("open", "online", "overdue") are read at, `min(to, now)`. */
export function asOf(p: Period, now: number): number {
  return Math.min(p.to, now);
}

/** Local midnight of the day holding `ms`, in `zone`. */
export function startOfDay(ms: number, zone: string): number {
  return at(ms, zone).startOf('day').toMillis();
}

/** Monday 00:00 local of the week holding `ms`, in `zone`. */
export function startOfWeek(ms: number, zone: string): number {
  return at(ms, zone).startOf('week').toMillis();
}

/** The 1st, 00:00 local, of the month holding `ms`, in `zone`. */
export function startOfMonth(ms: number, zone: string): number {
  return at(ms, zone).startOf('month').toMillis();
}

/** `YYYY-MM-DD` of the day holding `ms`, in `zone`. */
export function dayKey(ms: number, zone: string): string {
  return at(ms, zone).toFormat('yyyy-MM-dd');
}

/** The `dayKey` of the Monday of the week holding `ms`, in `zone`. */
export function weekKey(ms: number, zone: string): string {
  return at(ms, zone).startOf('week').toFormat('yyyy-MM-dd');
}

/** `YYYY-MM` of the month holding `ms`, in `zone`. */
export function monthKey(ms: number, zone: string): string {
  return at(ms, zone).toFormat('yyyy-MM');
}

/** The local hour (0-23) holding `ms`, in `zone`. */
export function hourOfDay(ms: number, zone: string): number {
  return at(ms, zone).hour;
}

/**
 * The local midnights of every day the period touches, in order: the first is the start of the
 * day holding `from` (at or before it), the last is before `to`. One entry per day of a series.
 */
export function daysIn(p: Period, zone: string): number[] {
  const days: number[] = [];
  for (let d = at(p.from, zone).startOf('day'); d.toMillis() < p.to; d = d.plus({ days: 1 })) days.push(d.toMillis());
  return days;
}

/** The calendar day, Monday-first week or month holding `containing`, in `zone`: the screen's presets. */
export function presetPeriod(kind: CalendarUnit, containing: number, zone: string): Period {
  const start = at(containing, zone).startOf(kind);
  return { from: start.toMillis(), to: start.plus(ONE[kind]).toMillis() };
}

const CALENDAR_UNITS: readonly CalendarUnit[] = ['day', 'week', 'month'];
/** One calendar unit, as a luxon duration: `plus` and `minus` keep local midnights across DST. */
const ONE: Readonly<Record<CalendarUnit, { days: 1 } | { weeks: 1 } | { months: 1 }>> = {
  day: { days: 1 },
  week: { weeks: 1 },
  month: { months: 1 },
};

const INSTANT_MESSAGE = 'must be an ISO 8601 date-time with an offset, e.g. 2026-11-23T00:00:00+08:00';

/** Epoch ms of an ISO 8601 instant with an offset, or `undefined`. */
function parseInstant(s: string): number | undefined {
  // The wire's own rule (offset required), then luxon for the calendar (no February 30th).
  if (!isoInstant.safeParse(s).success) return undefined;
  const dt = DateTime.fromISO(s, { setZone: true });
  return dt.isValid ? dt.toMillis() : undefined;
}

/**
 * `ms` seen in `zone`. Luxon's weeks are ISO weeks (Monday first) unless locale weeks are asked
 * for, which they never are here. An unknown zone is a programming or configuration error.
 */
function at(ms: number, zone: string): DateTime {
  const dt = DateTime.fromMillis(ms, { zone });
  if (!dt.isValid) throw new RangeError(`invalid instant or time zone: ${ms} in ${zone} (${dt.invalidReason ?? 'unknown reason'})`);
  return dt;
}
