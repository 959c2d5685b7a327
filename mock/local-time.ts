import type { Random } from '@geo/random';
import { uniform } from './keyed-random';

/**
 * Simulated time in Asia/Shanghai, where the simulated district lives. China has kept UTC+8
 * without daylight saving since 1991, so a fixed offset is exact and much faster than Intl.
 */
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const OFFSET = 8 * HOUR;

/** Hour of the day (0-23) in Asia/Shanghai. */
export function localHour(ms: number): number {
  return Math.floor(mod(ms + OFFSET, DAY) / HOUR);
}

/** Hours since local midnight, with fractions. */
export function localHours(ms: number): number {
  return mod(ms + OFFSET, DAY) / HOUR;
}

/** The instant of the local midnight that starts the day holding `ms`. */
export function localMidnight(ms: number): number {
  return ms - mod(ms + OFFSET, DAY);
}

/** Day of the week in Asia/Shanghai, 0 = Monday … 6 = Sunday. */
export function localWeekday(ms: number): number {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return mod(Math.floor((ms + OFFSET) / DAY) + 3, 7);
}

/** `2026-11-23T14:05:07+08:00`: upstream systems in China send local time with its offset. */
export function isoAt(ms: number): string {
  return `${new Date(ms + OFFSET).toISOString().slice(0, 19)}+08:00`;
}

/** `2026112314`: the local date and hour, for readable ids. */
export function localStamp(ms: number): string {
  const s = new Date(ms + OFFSET).toISOString();
  return s.slice(0, 4) + s.slice(5, 7) + s.slice(8, 10) + s.slice(11, 13);
}

/** Rounds to the whole second: upstream systems record seconds. */
export function toSecond(ms: number): number {
  return Math.round(ms / SECOND) * SECOND;
}

/**
 * Relative activity of the public by local hour (mean 1 over the day): quiet at night, a morning
 * peak at 9-11 when grid workers start their rounds and offices open, a lunch dip, an afternoon
 * peak at 14-17, a slow evening.
 */
const HOURLY = normalise([
  0.22, 0.14, 0.1, 0.08, 0.08, 0.14, 0.32, 0.68, 1.25, 1.8, 1.9, 1.62, 0.95, 1.15, 1.65, 1.8, 1.7, 1.25, 0.88, 0.76, 0.66, 0.54, 0.4, 0.3,
]);

/** Weekdays a little busier than weekends; the week's mean stays 1. */
const WEEKDAY = [1.08, 1.08, 1.08, 1.08, 1.08, 0.8, 0.8];

/** Relative activity at `ms` (mean 1 over a week): multiply a mean rate by it. */
export function activity(ms: number): number {
  return HOURLY[localHour(ms)]! * WEEKDAY[localWeekday(ms)]!;
}

/**
 * When a department that works office shifts acts on something due at `ms`: during the day
 * (07:30-20:00) at once, otherwise early the next morning. `latest` is a deadline the office
 * tries not to miss: when the next morning would be too late, the work is done in overtime.
 */
export function officeTime(ms: number, random: Random, latest = Infinity): number {
  const h = localHours(ms);
  if (h >= 7.5 && h < 20) return ms;
  const morning = localMidnight(h >= 20 ? ms + DAY : ms) + 7.5 * HOUR + uniform(0, 2, random) * HOUR;
  if (morning <= latest - 30 * MINUTE) return morning;
  return ms;
}

/** Daytime callbacks (09:00-20:00): nobody rings a citizen at 3 a.m. to ask whether they are satisfied. */
export function callbackTime(ms: number, random: Random): number {
  const h = localHours(ms);
  if (h >= 9 && h < 20) return ms;
  return localMidnight(h >= 20 ? ms + DAY : ms) + uniform(9, 11.5, random) * HOUR;
}

/** A time of day during working hours (08:30-17:30) on the local day holding `ms`. */
export function workingHoursOn(ms: number, random: Random): number {
  return localMidnight(ms) + uniform(8.5, 17.5, random) * HOUR;
}

/** `30d`, `12h`, `90m`, `45s` as milliseconds; `undefined` if it is not such a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([dhms])$/.exec(text.trim());
  if (!m) return undefined;
  const unit = { d: DAY, h: HOUR, m: MINUTE, s: SECOND }[m[2] as 'd' | 'h' | 'm' | 's'];
  return Number(m[1]) * unit;
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

function normalise(xs: number[]): number[] {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.map((x) => x / mean);
}

/** A whole second within the hour starting at `hourStart`, uniformly (never the next hour's first). */
export function secondIn(hourStart: number, random: Random): number {
  return hourStart + Math.floor(random() * 3600) * SECOND;
}
