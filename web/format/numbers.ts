import { dateFormat, numberFormat } from './cached-formats';
import type { Locale } from '../url-state';

/** A count for the wall: 1.2万 in zh-CN from ten thousand up, 12,345 in English. */
export function formatCount(n: number, locale: Locale): string {
  if (locale === 'zh-CN' && Math.abs(n) >= 10_000) {
    return `${(n / 10_000).toFixed(1).replace(/\.0$/, '')}万`;
  }
  return numberFormat(locale).format(n);
}

/** `HH:mm:ss` of an instant in the reports' time zone. */
export function formatClock(ms: number, timeZone: string): string {
  return dateFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(ms);
}

/** `YYYY-MM-DD` of an instant in the reports' time zone. */
export function formatDay(ms: number, timeZone: string): string {
  return dateFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

/** `HH:mm` of an ISO instant in the reports' time zone. */
export function formatHourMinute(iso: string, timeZone: string): string {
  return dateFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(Date.parse(iso));
}

/** An age for stale markers: 45秒, 3分12秒, 1小时5分 (zh-CN) or 45 s, 3 min 12 s (en). */
export function formatAge(ms: number, locale: Locale): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (locale === 'zh-CN') return h > 0 ? `${h}小时${m}分` : m > 0 ? `${m}分${sec}秒` : `${sec}秒`;
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${sec} s` : `${sec} s`;
}

/** A rate (a fraction) as a percentage with one decimal: 96.3%; `—` when there is no denominator. */
export function formatRate(r: number | null | undefined, locale: Locale): string {
  if (r === null || r === undefined) return '—';
  return `${numberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(r * 100)}%`;
}

/** A duration in hours as 3天4小时 / 5.2小时 (zh-CN) or 3 d 4 h / 5.2 h. */
export function formatHours(h: number | null | undefined, locale: Locale): string {
  if (h === null || h === undefined) return '—';
  if (h >= 24) {
    const d = Math.floor(h / 24);
    const rest = Math.round(h - d * 24);
    return locale === 'zh-CN' ? `${d}天${rest}小时` : `${d} d ${rest} h`;
  }
  const v = numberFormat(locale, { maximumFractionDigits: 1 }).format(h);
  return locale === 'zh-CN' ? `${v}小时` : `${v} h`;
}
