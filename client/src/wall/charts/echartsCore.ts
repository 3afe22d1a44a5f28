// Only what the wall draws: bar charts on a grid, on canvas. Importing 'echarts' whole would add
// every chart, component and the SVG renderer (~3× the bytes).
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import { GridComponent, type GridComponentOption } from 'echarts/components';
import { init, use, type ComposeOption, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, GridComponent, CanvasRenderer]);

export type WallChartOption = ComposeOption<BarSeriesOption | GridComponentOption>;
export type { ECharts };
export { init };
