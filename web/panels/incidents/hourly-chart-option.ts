import type { HourlyIncidents } from '@protocol/index';
import { ACCENT, AXIS, SEMANTIC } from '../chart-theme';

export interface HourlyChartLabels {
  today: string;
  yesterday: string;
  hourUnit: string;
}

/** Colours of the two series: today in the accent, yesterday muted. */
const TODAY = ACCENT;
const YESTERDAY = SEMANTIC.off;

/**
 * ECharts option for today's incidents by hour against yesterday's. Today's bars stop at the
 * current hour so the future does not read as zero.
 */
export function hourlyChartOption(hourly: HourlyIncidents, currentHour: number, labels: HourlyChartLabels, k = 1) {
  const hours = Array.from({ length: 24 }, (_, h) => `${h}${labels.hourUnit}`);
  return {
    animationDuration: 300,
    textStyle: { fontFamily: 'inherit', color: AXIS.label },
    grid: { left: 36 * k, right: 8 * k, top: 28 * k, bottom: 24 * k },
    legend: { top: 0, right: 0, itemWidth: 14 * k, itemHeight: 8 * k, textStyle: { color: AXIS.label, fontSize: 13 * k }, data: [labels.today, labels.yesterday] },
    tooltip: { trigger: 'axis' as const },
    xAxis: {
      type: 'category' as const,
      data: hours,
      axisLabel: { color: AXIS.text, fontSize: 12 * k, interval: 3 },
      axisLine: { lineStyle: { color: AXIS.line } },
    },
    yAxis: {
      type: 'value' as const,
      minInterval: 1,
      axisLabel: { color: AXIS.text, fontSize: 12 * k },
      splitLine: { lineStyle: { color: AXIS.split } },
    },
    series: [
      {
        name: labels.today,
        type: 'bar' as const,
        data: hourly.today.map((v, h) => (h <= currentHour ? v : null)),
        itemStyle: { color: TODAY },
        barMaxWidth: 10 * k,
      },
      {
        name: labels.yesterday,
        type: 'line' as const,
        data: hourly.yesterday,
        smooth: true,
        symbol: 'none',
        lineStyle: { color: YESTERDAY, width: 2 * k, type: 'dashed' as const },
        itemStyle: { color: YESTERDAY },
      },
    ],
  };
}
