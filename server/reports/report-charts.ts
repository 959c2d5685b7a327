import * as echarts from 'echarts';
import type { ScopeSummary } from '@protocol/summary';
import { categoryLabel } from './report-labels';

/**
 * The printed report's charts, drawn on the server by ECharts' SVG renderer (server-side
 * rendering, no DOM) and embedded as images, so the printout and the PDF need no script. Light
 * colours for paper; the semantic green for resolutions, the accent for incidents.
 */
const INK = '#222';
const GRID_LINE = '#ddd';
const COLORS = { reported: '#2f6fd6', resolved: '#2e9e5b', calls: '#c98a16' };
// Single quotes: ECharts writes the family into an SVG style attribute without escaping double quotes.
const FONT = "'WenQuanYi Zen Hei', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif";

/** An SVG image of the daily series (incidents, first resolutions, hotline calls). */
export function dailyChartSvg(s: ScopeSummary, width = 680, height = 260): string {
  const d = s.breakdowns.daily;
  return render(width, height, {
    textStyle: { fontFamily: FONT, color: INK },
    legend: { top: 0, textStyle: { color: INK } },
    grid: { left: 48, right: 16, top: 32, bottom: 36 },
    xAxis: { type: 'category', data: d.map((p) => p.day.slice(5)), axisLabel: { color: INK, hideOverlap: true }, axisLine: { lineStyle: { color: INK } } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { color: INK }, splitLine: { lineStyle: { color: GRID_LINE } } },
    series: [
      { name: '上报事件', type: 'line', data: d.map((p) => p.reported), color: COLORS.reported, showSymbol: d.length <= 31 },
      { name: '首次办结', type: 'line', data: d.map((p) => p.firstResolved), color: COLORS.resolved, showSymbol: d.length <= 31 },
      { name: '热线来电', type: 'line', data: d.map((p) => p.callsOffered), color: COLORS.calls, showSymbol: d.length <= 31, lineStyle: { type: 'dashed' } },
    ],
  });
}

/** An SVG image of incidents by category, largest first (horizontal bars). */
export function categoryChartSvg(s: ScopeSummary, width = 680, height = 260): string {
  const rows = s.breakdowns.byCategory.slice(0, 12).reverse();
  return render(width, Math.max(120, Math.min(height, 40 + rows.length * 22)), {
    textStyle: { fontFamily: FONT, color: INK },
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', show: false },
    yAxis: { type: 'category', data: rows.map((r) => categoryLabel(r.key)), axisLabel: { color: INK }, axisTick: { show: false } },
    series: [{ type: 'bar', data: rows.map((r) => r.count), color: COLORS.reported, barMaxWidth: 14, label: { show: true, position: 'right', color: INK } }],
  });
}

function render(width: number, height: number, option: echarts.EChartsCoreOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
