import { DateTime } from 'luxon';

/**
 * The desk's periods, cut in the reports' time zone (the server's `TZ_REPORTS`, read from the
 * summary), whatever the browser's zone: a day, a Monday-first week or a month holding a local
 * date, or a custom range between two local times. Instants go to the server as ISO 8601 with
 * the zone's offset; the server checks them again (domain.md, "Periods").
 */
export type DeskPeriodKind = 'day' | 'week' | 'month' | 'custom';

export interface DeskPeriod {
  from: string;
  to: string;
}

/** The calendar day, week (Monday first) or month holding the local date `yyyy-MM-dd`. */
export function calendarPeriod(kind: 'day' | 'week' | 'month', date: string, zone: string): DeskPeriod | undefined {
  const d = DateTime.fromISO(date, { zone });
  if (!d.isValid) return undefined;
  const start = d.startOf(kind);
  return { from: iso(start), to: iso(start.plus({ [`${kind}s`]: 1 })) };
}

/** A custom range between two local times `yyyy-MM-ddTHH:mm` in the zone (the server refuses an empty or over-long one). */
export function customPeriod(fromLocal: string, toLocal: string, zone: string): DeskPeriod | undefined {
  const f = DateTime.fromISO(fromLocal, { zone });
  const t = DateTime.fromISO(toLocal, { zone });
  if (!f.isValid || !t.isValid) return undefined;
  return { from: iso(f), to: iso(t) };
}

/** Today's local date in the zone, `yyyy-MM-dd`. */
export function todayIn(zone: string, now: number = Date.now()): string {
  return DateTime.fromMillis(now, { zone }).toFormat('yyyy-MM-dd');
}

/** The local date `yyyy-MM-dd` (or time `yyyy-MM-ddTHH:mm`) of an ISO instant in the zone. */
export function localDate(isoInstant: string, zone: string, withTime = false): string {
  return DateTime.fromISO(isoInstant, { zone }).toFormat(withTime ? "yyyy-MM-dd'T'HH:mm" : 'yyyy-MM-dd');
}

/** The parent scope's code: codes nest by prefix (6, 9, 12, 15, 17 digits); a district has none. */
export function parentCode(code: string): string | undefined {
  const lengths = [6, 9, 12, 15, 17];
  const i = lengths.indexOf(code.length);
  return i > 0 ? code.slice(0, lengths[i - 1]) : undefined;
}

function iso(d: DateTime): string {
  return d.toISO({ suppressMilliseconds: true })!;
}
