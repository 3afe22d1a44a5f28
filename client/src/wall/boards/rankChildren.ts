import type { ChildFigures, RankedUnit } from '../../../../shared/src/live/events.js';

/** Ties by code, so equal figures never swap places between updates. */
const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Child areas best first for the wall's ranking board. With the server's composite ranking
 * (today's 综合评价, streamed with the KPIs) its order: ranked units by rank, then the units
 * without data yet (no case due or received today), busiest first. Before the first ranking
 * arrives, by open cases, then overdue, then new in the last hour. Children missing from the live
 * figures (no case ever) still appear when the ranking names them.
 */
export function rankChildren(children: Readonly<Record<string, ChildFigures>>, ranking: readonly RankedUnit[] | null = null): string[] {
  const busiest = (a: string, b: string): number => {
    const fa = children[a] ?? [0, 0, 0, 0];
    const fb = children[b] ?? [0, 0, 0, 0];
    return fb[0] - fa[0] || fb[1] - fa[1] || fb[2] - fa[2] || byCode(a, b);
  };
  if (!ranking || ranking.length === 0) return Object.keys(children).sort(busiest);
  const ranked = ranking.filter((u) => u.rank !== null).sort((a, b) => a.rank! - b.rank! || byCode(a.code, b.code));
  const unranked = new Set([...ranking.filter((u) => u.rank === null).map((u) => u.code), ...Object.keys(children)]);
  for (const u of ranked) unranked.delete(u.code);
  return [...ranked.map((u) => u.code), ...[...unranked].sort(busiest)];
}

/** Scores by code, for the board's score column. */
export function scoresOf(ranking: readonly RankedUnit[] | null): ReadonlyMap<string, number | null> {
  return new Map((ranking ?? []).map((u) => [u.code, u.score]));
}
