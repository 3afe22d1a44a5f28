import { describe, expect, it } from 'vitest';
import type { PartySummaryPart } from '../../../shared/src/api/party.js';
import { formatFigure } from './figureFormat.js';
import { deskPartyCasesHref, partyCasesPeriod, partyFigures, partyScreenFigures } from './partyFigures.js';

const summary: PartySummaryPart = {
  coverage: { grids: 1693, gridsWithOrganisation: 1692, rate: 1692 / 1693 },
  members: { total: 98_765, reported: 23_456, perGrid: 58.3 },
  volunteers: { total: 3_000, onDuty: 1_200 },
  cadres: { total: 850, onDuty: 312, gridsWithCadre: 700 },
  ratings: { year: 2026, communities: 215, allStars: 12, spread: [3, 20, 60, 80, 40, 12] },
  cases: { year: 2026, total: 5000, reportedByMembers: 900, handledByMembers: 700 },
};

describe('partyFigures: the 党建引领 figures any screen shows', () => {
  it('reads coverage, members, cadres on duty of all and five-star communities of those rated, in reading order', () => {
    expect(partyFigures(summary).map((f) => [f.key, f.value, f.of])).toEqual([
      ['coverage', 1692 / 1693, null],
      ['members', 98_765, null],
      ['cadresOnDuty', 312, 850],
      ['fiveStar', 12, 215],
    ]);
  });

  it('writes coverage as a percentage with one digit and counts whole, and — before the first answer', () => {
    const [coverage, members] = partyFigures(summary);
    expect(formatFigure(coverage!.value, coverage!.format, 'zh-CN')).toBe('99.9%');
    expect(formatFigure(members!.value, members!.format, 'zh-CN')).toBe('98,765');
    expect(partyFigures(null).map((f) => formatFigure(f.value, f.format, 'zh-CN'))).toEqual(['—', '—', '—', '—']);
    expect(partyFigures({ ...summary, coverage: { grids: 0, gridsWithOrganisation: 0, rate: null } })[0]!.value).toBeNull();
  });

  it('names the list behind each figure, for screens that click through', () => {
    expect(partyFigures(summary).map((f) => f.list)).toEqual(['grids', 'members', 'cadres', 'communities']);
  });

  it('gives the desk and the tablet seven figures, each with the list behind it', () => {
    expect(partyScreenFigures(summary).map((f) => [f.key, f.value, f.of, f.through])).toEqual([
      ['coverage', 1692 / 1693, null, { kind: 'grids' }],
      ['members', 98_765, null, { kind: 'members' }],
      ['reported', 23_456, null, { kind: 'members' }],
      ['cadresOnDuty', 312, 850, null],
      ['casesReported', 900, 5000, { kind: 'cases', party: 'reported' }],
      ['casesHandled', 700, 5000, { kind: 'cases', party: 'handled' }],
      ['fiveStar', 12, 215, { kind: 'communities' }],
    ]);
    expect(partyScreenFigures(null).every((f) => f.value === null)).toBe(true);
  });

  it('opens the desk on the rating year’s Beijing days so far under party=', () => {
    // 2026-12-31 23:30 in Beijing is still the 31st; one hour later the new year has begun.
    expect(partyCasesPeriod(2026, Date.parse('2026-12-31T23:30:00+08:00'))).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(partyCasesPeriod(2026, Date.parse('2026-06-01T07:00:00+08:00'))).toEqual({ from: '2026-01-01', to: '2026-06-01' });
    expect(partyCasesPeriod(2026, Date.parse('2027-01-01T00:30:00+08:00'))).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(deskPartyCasesHref('410105', 'handled', { from: '2026-01-01', to: '2026-06-01' }, 'en')).toBe('/desk?area=410105&period=2026-01-01..2026-06-01&party=handled&lang=en');
  });
});
