import { PALETTE } from '../theme/palette';

/** Text and axis colours shared by the panels' charts (of the page's theme). */
export const AXIS = { text: PALETTE.textDim, line: PALETTE.line, split: PALETTE.track, label: PALETTE.text, value: PALETTE.textStrong };
/** Semantic colours: red overdue/alarm, amber at risk, green on time/online, grey offline/unknown. */
export const SEMANTIC = { alarm: PALETTE.alarm, warn: PALETTE.warn, ok: PALETTE.ok, off: PALETTE.off };
/** The accent (interaction, neutral data). */
export const ACCENT = PALETTE.accent;

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
      axisLabel: { color: AXIS.label, fontSize: 13 * k },
      axisLine: { show: false },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar' as const,
        data: shown.map((r) => ({ value: r.value, itemStyle: { color: r.color } })),
        barMaxWidth: 12 * k,
        label: { show: true, position: 'right' as const, color: AXIS.value, fontSize: 13 * k, // A template, not a function: the wall compares options as JSON to skip unchanged ones.
        formatter: `{c}${opts.unit ?? ''}` },
      },
    ],
  };
}
