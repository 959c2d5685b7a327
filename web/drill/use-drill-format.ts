import { useI18n } from 'vue-i18n';
import { useLiveScopeStore } from '../stores/live-scope';
import type { Locale } from '../url-state';
import { formatDateTime, formatMetres } from './drill-format';

/** The cards' formatters in the current locale and the reports' time zone (as the wall's clock). */
export function useDrillFormat() {
  const { t, te, locale } = useI18n();
  const live = useLiveScopeStore();
  return {
    dateTime: (iso: string) => formatDateTime(iso, live.timeZone, locale.value as Locale),
    metres: (m: number) => formatMetres(m, locale.value as Locale),
    /** A code's name from a message group (`category`, `source`, ...); an unknown code shows as itself. */
    label: (group: string, key: string) => (te(`${group}.${key}`) ? t(`${group}.${key}`) : key),
  };
}
