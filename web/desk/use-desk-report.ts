import { computed, ref, shallowRef } from 'vue';
import type { ScopeSummary } from '@protocol/summary';
import { downloadReport, fetchSummary, openPrintable, type ReportFormat, type ReportQuery } from '../services/report-files';
import { calendarPeriod, customPeriod, localDate, todayIn, type DeskPeriod, type DeskPeriodKind } from './desk-period';

/**
 * The desk's state: the scope and period picked, the summary the server computed for them, and
 * the exports of the same query. The period is cut in the reports' zone, which the server names
 * in every summary (the first one is today's, read before any period is picked).
 */
export function useDeskReport(initialScope: string) {
  const scope = ref(initialScope);
  const kind = ref<DeskPeriodKind>('day');
  const date = ref('');
  const customFrom = ref('');
  const customTo = ref('');
  const timeZone = ref('Asia/Shanghai');
  const summary = shallowRef<ScopeSummary | undefined>();
  const loading = ref(false);
  const error = ref<string | undefined>();
  const exporting = ref<ReportFormat | undefined>();
  const exported = ref<string | undefined>();

  const period = computed<DeskPeriod | undefined>(() =>
    kind.value === 'custom' ? customPeriod(customFrom.value, customTo.value, timeZone.value) : calendarPeriod(kind.value, date.value, timeZone.value),
  );
  const query = computed<ReportQuery | undefined>(() => (summary.value ? { scope: summary.value.scope.code, from: summary.value.from, to: summary.value.to } : undefined));

  /** Loads today's summary of the scope, learning the zone and setting the pickers to the server's today. */
  async function start(): Promise<void> {
    await run(async (current) => {
      const s = await fetchSummary(scope.value);
      if (!current()) return;
      timeZone.value = s.timeZone;
      // The server's today, not the browser's: the two clocks (and zones) may differ.
      date.value = todayIn(s.timeZone, Date.parse(s.asOf));
      customFrom.value = localDate(s.from, s.timeZone, true);
      customTo.value = localDate(s.to, s.timeZone, true);
      summary.value = s;
    });
  }

  /** Loads the summary of the picked scope and period. */
  async function show(): Promise<void> {
    const p = period.value;
    if (!p) {
      error.value = kind.value === 'custom' ? 'from/to: pick both ends' : 'date: pick a date';
      return;
    }
    await run(async (current) => {
      const s = await fetchSummary(scope.value, p);
      if (current()) summary.value = s;
    });
  }

  /** Shows another scope for the same period. */
  async function showScope(code: string): Promise<void> {
    scope.value = code;
    await show();
  }

  /** Downloads the file of what is on screen (the same scope and period). */
  async function exportAs(format: ReportFormat): Promise<void> {
    if (!query.value || exporting.value) return;
    exporting.value = format;
    exported.value = undefined;
    error.value = undefined;
    try {
      exported.value = await downloadReport(format, query.value);
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      exporting.value = undefined;
    }
  }

  async function printable(): Promise<void> {
    if (!query.value) return;
    try {
      await openPrintable(query.value);
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  /** Runs a load; only the latest one may change the screen (answers can arrive out of order). */
  let latest = 0;
  async function run(work: (current: () => boolean) => Promise<void>): Promise<void> {
    const mine = ++latest;
    const current = (): boolean => mine === latest;
    loading.value = true;
    error.value = undefined;
    try {
      await work(current);
    } catch (err) {
      if (current()) error.value = (err as Error).message;
    } finally {
      if (current()) loading.value = false;
    }
  }

  return { scope, kind, date, customFrom, customTo, timeZone, summary, loading, error, exporting, exported, period, start, show, showScope, exportAs, printable };
}
