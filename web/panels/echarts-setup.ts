import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { BarChart, GaugeChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';

/** Registers the ECharts parts the panels use (keeps the bundle to what is drawn). */
use([CanvasRenderer, BarChart, LineChart, GaugeChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent]);
