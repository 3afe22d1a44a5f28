/** The followed area's live case total, and how many times it moved since the area's first snapshot. */
export interface LiveRefresh {
  area: string | null;
  /** null: no snapshot of `area` yet. */
  total: number | null;
  /** Moves of the total within one area: the desk's figures are asked again on each. */
  moves: number;
}

export const NO_LIVE_REFRESH: LiveRefresh = { area: null, total: null, moves: 0 };

/**
 * The next state for the live `total` of `area` (null: no snapshot yet). Only a move of a known
 * total within the same area counts: a new area, and its first snapshot arriving after the view's
 * queries went out, do not, as those queries already ask for the new state (counting them sent
 * every KPI and breakdown query of an area change twice, the first batch cut off on the way).
 * Returns `prev` itself when nothing changed.
 */
export function nextLiveRefresh(prev: LiveRefresh, area: string, total: number | null): LiveRefresh {
  if (prev.area !== area) return { area, total, moves: prev.moves };
  if (total === null || total === prev.total) return prev;
  return { area, total, moves: prev.total === null ? prev.moves : prev.moves + 1 };
}
