import type { Rgba } from '../theme.js';
import type { CellMetric } from './liveLayerIds.js';

/**
 * Fixed class breaks per metric (cases per grid cell): a cell's colour means the same on every
 * wall and at every hour, unlike a scale stretched to the current maximum. Class i holds values
 * in [breaks[i], breaks[i+1]); 0 draws nothing.
 */
export const CELL_BREAKS: Record<CellMetric, readonly number[]> = {
  open: [1, 3, 6, 10, 20],
  overdue: [1, 2, 4, 8, 15],
  new: [1, 2, 3, 5, 10],
};

/** Yellow to deep red, translucent so grid lines and labels stay readable through it. */
export const CELL_COLORS: readonly Rgba[] = [
  [255, 237, 120, 90],
  [255, 196, 70, 120],
  [255, 140, 50, 150],
  [240, 80, 40, 175],
  [200, 20, 40, 200],
];
const NONE: Rgba = [0, 0, 0, 0];

/** The class of `value` (−1 below the first break). */
export function cellClass(metric: CellMetric, value: number): number {
  const breaks = CELL_BREAKS[metric];
  let k = -1;
  for (let i = 0; i < breaks.length; i++) if (value >= (breaks[i] ?? Infinity)) k = i;
  return k;
}

export function cellColor(metric: CellMetric, value: number): Rgba {
  const k = cellClass(metric, value);
  return k < 0 ? NONE : (CELL_COLORS[k] ?? NONE);
}

/** Legend rows: colour and label ("1–2", "20+"). */
export function cellLegend(metric: CellMetric): { color: Rgba; label: string }[] {
  const breaks = CELL_BREAKS[metric];
  return breaks.map((from, i) => {
    const next = breaks[i + 1];
    const label = next === undefined ? `${from}+` : next - 1 === from ? `${from}` : `${from}–${next - 1}`;
    return { color: CELL_COLORS[i] ?? NONE, label };
  });
}
