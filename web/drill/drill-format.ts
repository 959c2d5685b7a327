import { dateFormat, numberFormat } from '../format/cached-formats';
import type { Locale } from '../url-state';

/**
 * Times on the drill-down cards: date and time of an ISO instant in the reports' time zone (the
 * same zone as the wall's "today"), written the locale's way: 11月23日 14:05 or 23 Nov, 14:05.
 */
export function formatDateTime(iso: string, timeZone: string, locale: Locale): string {
  return dateFormat(locale, { timeZone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(Date.parse(iso));
}

/** A distance in whole metres, grouped the locale's way. */
export function formatMetres(m: number, locale: Locale): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(m);
}
