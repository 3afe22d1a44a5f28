import type { PartyFlag } from '../../../shared/src/api/cases.js';
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

/** The figures the desk and the leaders' tablet show, each with the list behind it. */
export type PartyScreenKey = 'coverage' | 'members' | 'reported' | 'cadresOnDuty' | 'casesReported' | 'casesHandled' | 'fiveStar';

/**
 * Where a figure clicks through to: the grid cells without an organisation of their own
 * (GET /api/party/grids?organisation=none), the members (masked, GET /api/party/members), the
 * communities by stars (GET /api/party/communities), or the desk's case table under party=.
 * Null: no list (cadres on duty change by the hour; the staff panel lists them).
 */
export type PartyThrough = { kind: 'grids' } | { kind: 'members' } | { kind: 'communities' } | { kind: 'cases'; party: PartyFlag } | null;

export interface PartyScreenFigure {
  key: PartyScreenKey;
  value: number | null;
  format: FigureFormat;
  of: number | null;
  through: PartyThrough;
}

/**
 * The 党建引领 figures of an area for the desk and the tablet, in reading order: coverage, members
 * and the 在职党员 of them who reported to their community (双报到), 下沉干部 on duty of all, the
 * year's cases reported and handled by party members (of all the year's cases), 五星支部 of the
 * communities rated. The same numbers as GET /api/party?area=&parts=summary.
 */
export function partyScreenFigures(summary: PartySummaryPart | null): PartyScreenFigure[] {
  const cases = summary?.cases.total ?? null;
  return [
    { key: 'coverage', value: summary?.coverage.rate ?? null, format: COVERAGE, of: null, through: { kind: 'grids' } },
    { key: 'members', value: summary?.members.total ?? null, format: INTEGER, of: null, through: { kind: 'members' } },
    { key: 'reported', value: summary?.members.reported ?? null, format: INTEGER, of: null, through: { kind: 'members' } },
    { key: 'cadresOnDuty', value: summary?.cadres.onDuty ?? null, format: INTEGER, of: summary?.cadres.total ?? null, through: null },
    { key: 'casesReported', value: summary?.cases.reportedByMembers ?? null, format: INTEGER, of: cases, through: { kind: 'cases', party: 'reported' } },
    { key: 'casesHandled', value: summary?.cases.handledByMembers ?? null, format: INTEGER, of: cases, through: { kind: 'cases', party: 'handled' } },
    { key: 'fiveStar', value: summary?.ratings.allStars ?? null, format: INTEGER, of: summary?.ratings.communities ?? null, through: { kind: 'communities' } },
  ];
}

const BEIJING_MS = 8 * 3_600_000;

/** The Beijing days the summary's cases were reported in: the rating year from 1 January to today (YYYY-MM-DD). */
export function partyCasesPeriod(year: number, now: number): { from: string; to: string } {
  const today = new Date(now + BEIJING_MS).toISOString().slice(0, 10);
  const last = `${year}-12-31`;
  return { from: `${year}-01-01`, to: today < last ? today : last };
}

/** The desk's case table of an area under party= for those days (the desk's own URL form), for a screen that links to it. */
export function deskPartyCasesHref(area: string, party: PartyFlag, period: { from: string; to: string }, lang: 'zh' | 'en'): string {
  const p = new URLSearchParams({ area, period: `${period.from}..${period.to}`, party });
  if (lang !== 'zh') p.set('lang', lang);
  return `/desk?${p.toString()}`;
}

/** The case list's party filter as a chip or a heading says it (the export's columns say the same). */
export const PARTY_FLAG_NAMES: Record<'zh' | 'en', Record<PartyFlag, string>> = {
  zh: { reported: '党员上报', handled: '党员处置' },
  en: { reported: 'Reported by a party member', handled: 'Handled by a party member' },
};
