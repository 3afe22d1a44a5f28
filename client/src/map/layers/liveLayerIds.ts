/**
 * The map layers a wall can draw over the areas (`?layers=`), bottom to top: the live ones, then
 * 党建引领's (`coverage`: grid cells by their own organisation, a district or below; `centres`:
 * 党群服务中心), which are drawn only when named (coverage would hide the case choropleth).
 */
export const LIVE_LAYERS = ['choropleth', 'heatmap', 'points', 'workers', 'coverage', 'centres'] as const;
const ONLY_WHEN_NAMED: ReadonlySet<LiveLayerId> = new Set(['coverage', 'centres']);
export type LiveLayerId = (typeof LIVE_LAYERS)[number];

/** The grid-cell figure the choropleth colours (`?metric=`); `per10k` is open cases per 10,000 households. */
export const CELL_METRICS = ['open', 'overdue', 'new', 'per10k'] as const;
export type CellMetric = (typeof CELL_METRICS)[number];

/**
 * Index of the count each metric reads in a cell's figures [open, overdue, newLastHour, total]
 * (shared/src/live/events.ts ChildFigures); `per10k` divides open cases by the cell's households.
 */
export const METRIC_INDEX: Record<CellMetric, 0 | 1 | 2> = { open: 0, overdue: 1, new: 2, per10k: 0 };

/** Whether the metric is a rate per household: the wall then loads the cells' households with their outlines. */
export function perHouseholds(metric: CellMetric): boolean {
  return metric === 'per10k';
}

/**
 * The layers drawn when the URL names none: all of them, but on-duty workers only for a district
 * or smaller area (at city level ~thousands of dots say nothing and cost a 500-row poll).
 */
export function liveLayersFor(requested: ReadonlySet<LiveLayerId> | null, cityLevel: boolean): ReadonlySet<LiveLayerId> {
  if (requested) return requested;
  return new Set(LIVE_LAYERS.filter((id) => !ONLY_WHEN_NAMED.has(id) && !(cityLevel && id === 'workers')));
}
