import type { ScopeSummary } from '@protocol/summary';

/** Labels of the daily chart's series, in the screen's language. */
export interface DailyChartLabels {
  reported: string;
  firstResolved: string;
  callsOffered: string;
}

/**
 * The desk's ECharts option for the period's daily series (incidents, first resolutions, calls),
 * the same series the printed report draws. Pure: a new object per summary.
 */
export function dailyChartOption(daily: ScopeSummary['breakdowns']['daily'], labels: DailyChartLabels) {
  const symbols = daily.length <= 31;
  return {
    animationDuration: 300,
    tooltip: { trigger: 'axis' as const },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 32 },
    xAxis: { type: 'category' as const, data: daily.map((d) => d.day) },
    yAxis: { type: 'value' as const, minInterval: 1 },
    series: [
      { name: labels.reported, type: 'line' as const, data: daily.map((d) => d.reported), color: '#2f6fd6', showSymbol: symbols },
      { name: labels.firstResolved, type: 'line' as const, data: daily.map((d) => d.firstResolved), color: '#2e9e5b', showSymbol: symbols },
      { name: labels.callsOffered, type: 'line' as const, data: daily.map((d) => d.callsOffered), color: '#c98a16', showSymbol: symbols, lineStyle: { type: 'dashed' as const } },
    ],
  };
}
