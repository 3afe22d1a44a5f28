import type { PartySummaryPart } from '../../../shared/src/api/party.js';
import { INTEGER, type FigureFormat } from './figureFormat.js';

/** Coverage as the reports write it: 100%, 99.9%. */
const COVERAGE: FigureFormat = { kind: 'percent', digits: 1 };

export type PartyFigureKey = 'coverage' | 'members' | 'cadresOnDuty' | 'fiveStar';

export interface PartyFigure {
  key: PartyFigureKey;
  /** The figure (a rate as a fraction); null before the first answer. */
  value: number | null;
  format: FigureFormat;
  /** What it is out of, where that says something (cadres on duty of all cadres, five-star of rated communities). */
  of: number | null;
  /**
   * The list behind it, for a screen that clicks through: the area's grid cells (GET /api/party's
   * `grids`), its members (GET /api/party/members), its cadres (GET /api/staff), its communities' ratings.
   */
  list: 'grids' | 'members' | 'cadres' | 'communities';
}

/**
 * The 党建引领 figures of an area in reading order: organisation coverage (grids with an
 * organisation of their own / grids), party members living there, 下沉干部 on duty now (of all),
 * 五星支部 (communities with every star of their set, of those rated). Any screen shows these;
 * the same numbers as GET /api/party?area=&parts=summary.
 */
export function partyFigures(summary: PartySummaryPart | null): PartyFigure[] {
  return [
    { key: 'coverage', value: summary?.coverage.rate ?? null, format: COVERAGE, of: null, list: 'grids' },
    { key: 'members', value: summary?.members.total ?? null, format: INTEGER, of: null, list: 'members' },
    { key: 'cadresOnDuty', value: summary?.cadres.onDuty ?? null, format: INTEGER, of: summary?.cadres.total ?? null, list: 'cadres' },
    { key: 'fiveStar', value: summary?.ratings.allStars ?? null, format: INTEGER, of: summary?.ratings.communities ?? null, list: 'communities' },
  ];
}
