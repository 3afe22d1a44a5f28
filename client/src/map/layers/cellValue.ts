import type { ChildFigures } from '../../../../shared/src/live/events.js';
import { METRIC_INDEX, perHouseholds, type CellMetric } from './liveLayerIds.js';

/** `count` per 10,000 households; null for a cell without households (nothing to divide by). */
export function per10kHouseholds(count: number, households: number): number | null {
  if (!(households > 0) || !Number.isFinite(households)) return null;
  return (count * 10_000) / households;
}

/**
 * The figure a grid cell is coloured by: a count from the feed, or for `per10k` its open cases per
 * 10,000 of its households. 0 (draws nothing) for a cell without figures, and for a rate where
 * the cell's households are unknown or 0.
 */
export function cellValue(metric: CellMetric, figures: ChildFigures | undefined, households: number | undefined): number {
  const count = figures?.[METRIC_INDEX[metric]] ?? 0;
  if (!perHouseholds(metric)) return count;
  return households === undefined ? 0 : (per10kHouseholds(count, households) ?? 0);
}
