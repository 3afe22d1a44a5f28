import type { RankEntry } from '../../figures/rankChildren.js';

export type RankMark = 'top' | 'bottom' | null;

/**
 * 前三 / 后三 of the ranked units (the assessment's top and bottom three). With six or fewer
 * ranked units a unit is marked top before bottom, so none carries both.
 */
export function rankMarks(entries: readonly RankEntry[]): Map<string, RankMark> {
  const ranked = entries.filter((e): e is Extract<RankEntry, { kind: 'unit' }> => e.kind === 'unit' && e.rank !== null && e.score !== null);
  const marks = new Map<string, RankMark>();
  ranked.forEach((e, i) => {
    const fromEnd = ranked.length - 1 - i;
    marks.set(e.code, i < 3 ? 'top' : fromEnd < 3 ? 'bottom' : null);
  });
  return marks;
}
