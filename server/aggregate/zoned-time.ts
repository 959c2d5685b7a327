/**
 * Cutting instants into days and hours of the reports' time zone (`TZ_REPORTS`), whatever the
 * zone of the machine or the browser.
 */
export interface ZonedParts {
  /** `YYYY-MM-DD` in the zone. */
  day: string;
  /** 0-23 in the zone. */
  hour: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/**
 * Every UTC offset in use is a multiple of 15 minutes, so a zone's hours (and days) begin only on
 * UTC quarter-hours: within one UTC quarter-hour the zoned day and hour cannot change. Caching by
 * quarter-hour spares `Intl` (slow) on the hot path of ingest.
 */
const QUARTER_MS = 15 * 60_000;
const cache = new Map<string, ZonedParts>();

/** The day and hour an instant falls in, in `timeZone`. */
export function zonedParts(ms: number, timeZone: string): ZonedParts {
  const key = `${timeZone}|${Math.floor(ms / QUARTER_MS)}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const parts = computeZonedParts(ms, timeZone);
  if (cache.size > 20_000) cache.clear();
  cache.set(key, parts);
  return parts;
}

function computeZonedParts(ms: number, timeZone: string): ZonedParts {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(ms)) parts[p.type] = p.value;
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/** The calendar day before `day` (`YYYY-MM-DD`). */
export function previousDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}
