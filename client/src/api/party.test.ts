import { describe, expect, it } from 'vitest';
import { parsePartyList, parsePartyMap, parsePartySummary, partyListUrl, partyMapUrl, partySummaryUrl } from './party.js';

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

  it('asks for the lists behind the figures and reads grid cells, members and communities into rows', () => {
    expect(partyListUrl('410105', { kind: 'grids' })).toBe('/api/party/grids?area=410105&limit=100&organisation=none');
    expect(partyListUrl('410105', { kind: 'communities', stars: 5 })).toBe('/api/party/communities?area=410105&limit=100&stars=5');
    expect(partyListUrl('410105', { kind: 'members' })).toBe('/api/party/members?area=410105&limit=100');
    const grid = { code: '410105004007001', name: '第一网格', community: { code: '410105004007', name: '杜岭中街社区' }, organisation: null, leading: { kind: 'community_general_branch', name: '杜岭中街社区党总支' }, members: 40 };
    expect(parsePartyList({ total: 1, items: [grid] }, 'u').rows).toEqual([{ code: grid.code, name: '第一网格', detail: '杜岭中街社区 · 杜岭中街社区党总支', value: 40, of: null }]);
    const community = { community: '410105004007', name: '杜岭中街社区', set: 'community', earned: 1, stars: [{ key: 'a', name: '支部过硬星', source: 'recorded', earned: true }, { key: 'b', name: '平安法治星', source: 'derived', earned: false }], recorded: null };
    expect(parsePartyList({ total: 3, items: [community] }, 'u')).toEqual({ total: 3, rows: [{ code: '410105004007', name: '杜岭中街社区', detail: '支部过硬星', value: 1, of: 2 }] });
    const member = { id: 'M4101050040070010001', name: '王**', phone: '138****0000', grid: '410105004007001', membership: 'community', reported: true, workerId: null };
    expect(parsePartyList({ total: 1, items: [member] }, 'u').rows[0]).toEqual({ code: member.id, name: '王**', detail: '138****0000 · 410105004007001', value: null, of: null });
    expect(() => parsePartyList({ total: 1, items: [{ ...grid, members: -1 }] }, 'u')).toThrow("u: item 0's members is not a count");
    expect(() => parsePartyList({ items: [] }, 'u')).toThrow('u: expected { total, items }');
  });
});
