/** Text and axis colours shared by the panels' charts (dark wall). */
export const AXIS = { text: '#9fb0d0', line: '#2a3b63', split: '#1c2b4f' };
/** Semantic colours: red overdue/alarm, amber at risk, green on time/online, grey offline/unknown. */
export const SEMANTIC = { alarm: '#ff5a5a', warn: '#ffb547', ok: '#3ccf6e', off: '#7f8ba6' };
/** The accent (interaction, neutral data). */
export const ACCENT = '#4fa3ff';

/** A horizontal bar chart of labelled values, largest first, one colour per bar. */
export function barsOption(rows: readonly { label: string; value: number; color: string }[], opts: { max?: number; unit?: string; scale?: number } = {}) {
  const k = opts.scale ?? 1;
  const shown = [...rows].reverse();
  return {
    animationDuration: 300,
    grid: { left: 4 * k, right: 40 * k, top: 4 * k, bottom: 4 * k, containLabel: true },
    xAxis: { type: 'value' as const, show: false, max: opts.max },
    yAxis: {
      type: 'category' as const,
      data: shown.map((r) => r.label),
      axisLabel: { color: '#c9d6f2', fontSize: 13 * k },
      axisLine: { show: false },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar' as const,
        data: shown.map((r) => ({ value: r.value, itemStyle: { color: r.color } })),
        barMaxWidth: 12 * k,
        label: { show: true, position: 'right' as const, color: '#e6eeff', fontSize: 13 * k, formatter: (p: { value: number }) => `${p.value}${opts.unit ?? ''}` },
      },
    ],
  };
}
