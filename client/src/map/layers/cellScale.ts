import type { Rgba } from '../../theme.js';
import type { CellMetric } from './liveLayerIds.js';

/**
 * Fixed class breaks per metric: a cell's colour means the same on every wall and at every hour,
 * unlike a scale stretched to the current maximum. Class i holds values in [breaks[i],
 * breaks[i+1]); 0 draws nothing, any value above 0 is at least class 0.
 *
 * Counts are cases per grid cell. `per10k` is open cases per 10,000 households: a cell holds
 * 125–442 households (urban ≈ 380, rural ≈ 150), so one open case is 23–80 and an urban cell's
 * 1, 2, 3, 4–7, 8+ cases fall in the five classes; a rural cell's single case lands in the third.
 * The simulator's steady state (≈ 7,400 cases a day, ≈ 500 cells with open cases) puts lit cells
 * at p50 ≈ 27, p90 ≈ 55, p99 ≈ 80: the top two classes are clusters.
 */
export const CELL_BREAKS: Record<CellMetric, readonly number[]> = {
  open: [1, 3, 6, 10, 20],
  overdue: [1, 2, 4, 8, 15],
  new: [1, 2, 3, 5, 10],
  per10k: [0, 30, 60, 100, 200],
};

/** Metrics whose values are fractions (rates), labelled as ranges of reals rather than of whole cases. */
const CONTINUOUS: ReadonlySet<CellMetric> = new Set(['per10k']);

/** Yellow to deep red, translucent so grid lines and labels stay readable through it. */
export const CELL_COLORS: readonly Rgba[] = [
  [255, 237, 120, 90],
  [255, 196, 70, 120],
  [255, 140, 50, 150],
  [240, 80, 40, 175],
  [200, 20, 40, 200],
];
const NONE: Rgba = [0, 0, 0, 0];

/** The class of `value` (−1 for 0 or less: nothing to draw). */
export function cellClass(metric: CellMetric, value: number): number {
  if (!(value > 0)) return -1;
  const breaks = CELL_BREAKS[metric];
  let k = 0;
  for (let i = 1; i < breaks.length; i++) if (value >= (breaks[i] ?? Infinity)) k = i;
  return k;
}

export function cellColor(metric: CellMetric, value: number): Rgba {
  const k = cellClass(metric, value);
  return k < 0 ? NONE : (CELL_COLORS[k] ?? NONE);
}

/** Legend rows: colour and label ("1–2", "20+" for counts; "<30", "30–60", "200+" for rates). */
export function cellLegend(metric: CellMetric): { color: Rgba; label: string }[] {
  const breaks = CELL_BREAKS[metric];
  const continuous = CONTINUOUS.has(metric);
  return breaks.map((from, i) => {
    const next = breaks[i + 1];
    let label: string;
    if (next === undefined) label = `${from}+`;
    else if (continuous) label = i === 0 ? `<${next}` : `${from}–${next}`;
    else label = next - 1 === from ? `${from}` : `${from}–${next - 1}`;
    return { color: CELL_COLORS[i] ?? NONE, label };
  });
}
