import type { ChildFigures, RankedUnit } from '../../../shared/src/live/events.js';

/** Ties by code, so equal figures never swap places between updates. */
const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One row of the ranking board: a child area with its place and score as the ranking that placed
 * it gave them (a board row never mixes a place from one ranking with a score from another), or
 * the line that sets apart the units with too few cases to judge.
 */
export type RankEntry =
  | {
      kind: 'unit';
      code: string;
      /** The composite ranking's rank; null for a unit not judged. */
      rank: number | null;
      score: number | null;
      /** Cases received today (the sample), for a unit not judged; null for a ranked unit. */
      received: number | null;
    }
  | { kind: 'divider' };

/** The divider's key: not an area code, so it never meets a unit's. */
export const DIVIDER_KEY = 'divider';

export const entryKey = (e: RankEntry): string => (e.kind === 'unit' ? e.code : DIVIDER_KEY);

/**
 * Child areas best first for the wall's ranking board. With the server's composite ranking
 * (today's 综合评价, streamed with the KPIs): the ranked units by rank, then a divider and the
 * units with too few cases to judge (the assessment's minSample), most cases first. Before the
 * first ranking arrives, by open cases, then overdue, then new in the last hour (their places as
 * ranks, no scores). Children missing from the live figures (no case ever) still appear when the
 * ranking names them.
 */
export function rankChildren(children: Readonly<Record<string, ChildFigures>>, ranking: readonly RankedUnit[] | null = null): RankEntry[] {
  const busiest = (a: string, b: string): number => {
    const fa = children[a] ?? [0, 0, 0, 0];
    const fb = children[b] ?? [0, 0, 0, 0];
    return fb[0] - fa[0] || fb[1] - fa[1] || fb[2] - fa[2] || byCode(a, b);
  };
  if (!ranking || ranking.length === 0) {
    return Object.keys(children)
      .sort(busiest)
      .map((code, i) => ({ kind: 'unit', code, rank: i + 1, score: null, received: null }));
  }
  const ranked = ranking.filter((u) => u.rank !== null).sort((a, b) => a.rank! - b.rank! || byCode(a.code, b.code));
  const received = new Map(ranking.map((u) => [u.code, u.received]));
  const unranked = new Set([...ranking.filter((u) => u.rank === null).map((u) => u.code), ...Object.keys(children)]);
  for (const u of ranked) unranked.delete(u.code);
  const few = [...unranked].sort((a, b) => (received.get(b) ?? 0) - (received.get(a) ?? 0) || busiest(a, b));
  return [
    ...ranked.map((u): RankEntry => ({ kind: 'unit', code: u.code, rank: u.rank, score: u.score, received: null })),
    ...(few.length > 0 ? [{ kind: 'divider' } as const] : []),
    ...few.map((code): RankEntry => ({ kind: 'unit', code, rank: null, score: null, received: received.get(code) ?? 0 })),
  ];
}
