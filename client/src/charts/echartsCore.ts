// Only what the wall draws: bar and line charts on a grid, on canvas. Importing 'echarts' whole
// would add every chart, component and the SVG renderer (~3× the bytes).
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, type GridComponentOption } from 'echarts/components';
import { init, setPlatformAPI, use, type ComposeOption, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { renewingMeasureText } from './renewingMeasureText.js';

use([BarChart, LineChart, GridComponent, CanvasRenderer]);
// Labels are measured on a canvas renewed every 250 measurements: see renewingMeasureText.ts.
setPlatformAPI({ measureText: renewingMeasureText(() => document.createElement('canvas').getContext('2d')) });

export type WallChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption>;
export type { ECharts };
export { init };
