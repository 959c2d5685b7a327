import { AXIS, SEMANTIC } from '../chart-theme';

/**
 * A half gauge of a rate (0-100 %): the arc turns green at or above the target, amber below it;
 * grey when there is no figure yet.
 */
export function gaugeOption(rate: number | null | undefined, target: number, label: string, k = 1) {
  const value = rate === null || rate === undefined ? 0 : Math.round(rate * 1000) / 10;
  const color = rate === null || rate === undefined ? SEMANTIC.off : rate >= target ? SEMANTIC.ok : SEMANTIC.warn;
  return {
    animationDuration: 500,
    series: [
      {
        type: 'gauge' as const,
        startAngle: 200,
        endAngle: -20,
        min: 0,
        max: 100,
        radius: '100%',
        center: ['50%', '62%'],
        progress: { show: true, width: 10 * k, itemStyle: { color } },
        axisLine: { lineStyle: { width: 10 * k, color: [[1, AXIS.split]] } },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        pointer: { show: false },
        anchor: { show: false },
        title: { show: true, offsetCenter: [0, '38%'], color: AXIS.text, fontSize: 13 * k },
        detail: {
          valueAnimation: true,
          offsetCenter: [0, '0%'],
          fontSize: 22 * k,
          fontWeight: 700,
          color: AXIS.value,
          formatter: () => (rate === null || rate === undefined ? '—' : `${value.toFixed(1)}%`),
        },
        data: [{ value, name: label }],
      },
    ],
  };
}
