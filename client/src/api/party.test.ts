import { describe, expect, it } from 'vitest';
import { parsePartyMap, parsePartySummary, partyMapUrl, partySummaryUrl } from './party.js';

const summary = {
  area: { code: '410105', name: '金水区', level: 'district' },
  summary: {
    coverage: { grids: 10, gridsWithOrganisation: 9, rate: 0.9 },
    members: { total: 500, reported: 120, perGrid: 50 },
    volunteers: { total: 30, onDuty: 12 },
    cadres: { total: 8, onDuty: 3, gridsWithCadre: 6 },
    ratings: { year: 2026, communities: 4, allStars: 1, spread: [0, 0, 1, 1, 1, 1] },
    cases: { year: 2026, total: 40, reportedByMembers: 5, handledByMembers: 4 },
  },
};

describe('the party API for screens', () => {
  it('asks for the parts a panel and a layer read, the area encoded', () => {
    expect(partySummaryUrl('410105')).toBe('/api/party?area=410105&parts=summary');
    expect(partyMapUrl('410105')).toBe('/api/party?area=410105&parts=centres%2CgridCoverage');
  });

  it('parses the summary, refusing a malformed one with the URL and the field', () => {
    expect(parsePartySummary(summary, 'u')).toEqual({ ...summary.summary, area: { code: '410105', name: '金水区' } });
    expect(() => parsePartySummary({ ...summary, summary: { ...summary.summary, cadres: { total: 8, onDuty: -1, gridsWithCadre: 6 } } }, 'u')).toThrow('u: cadres.onDuty is not a count');
    expect(() => parsePartySummary({ ...summary, summary: { ...summary.summary, coverage: { grids: 1, gridsWithOrganisation: 1, rate: 2 } } }, 'u')).toThrow('coverage.rate');
    expect(() => parsePartySummary({ area: summary.area }, 'u')).toThrow('summary missing');
  });

  it('parses centres and grid organisations from columns, refusing columns of different lengths', () => {
    const map = parsePartyMap(
      { area: { code: '410105' }, centres: { names: ['甲中心', '乙中心'], kinds: 'sc', positions: [113.6, 34.7, 113.7, 34.8] }, gridCoverage: { codes: ['410105001001001', '410105001001002'], organisation: 'B-', members: [40, 2] } },
      'u',
    );
    expect(map.centres).toEqual([
      { name: '甲中心', kind: 'street', position: [113.6, 34.7] },
      { name: '乙中心', kind: 'community', position: [113.7, 34.8] },
    ]);
    expect([...map.grids!]).toEqual([
      ['410105001001001', { organisation: 'grid_branch', members: 40 }],
      ['410105001001002', { organisation: 'none', members: 2 }],
    ]);
    const city = parsePartyMap({ area: { code: '410100' }, centres: { names: null, kinds: 's', positions: [113.6, 34.7] }, gridCoverage: null }, 'u');
    expect(city.grids).toBeNull();
    expect(city.centres).toEqual([{ name: '', kind: 'street', position: [113.6, 34.7] }]);
    expect(() => parsePartyMap({ area: { code: '410105' }, centres: { names: ['甲'], kinds: 'sc', positions: [1, 2] } }, 'u')).toThrow('differ in length');
    expect(() => parsePartyMap({ area: { code: '410105' }, centres: { names: ['甲'], kinds: 'x', positions: [1, 2] } }, 'u')).toThrow('centre 0');
    expect(() => parsePartyMap({ area: { code: '410105' }, centres: { names: [], kinds: '', positions: [] }, gridCoverage: { codes: ['a'], organisation: 'Q', members: [1] } }, 'u')).toThrow('grid 0');
  });
});
