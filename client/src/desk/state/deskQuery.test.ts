import { describe, expect, it } from 'vitest';
import { breakdownUrl, caseListUrl, exportUrl, filterParams, kpisUrl, rangeBounds } from './deskQuery.js';
import { DEFAULT_STATE, addFilter, drillTo, parseDeskUrl, setKpi, type DeskState } from './deskUrl.js';

const query = (url: string): Record<string, string> => Object.fromEntries(new URL(url, 'http://desk').searchParams);

describe('filter state to query', () => {
  const state: DeskState = setKpi(addFilter(addFilter(drillTo(DEFAULT_STATE, '410105001'), 'category', 'SR'), 'urgency', 'major'), 'overdueOpen');

  it('the table, the breakdowns and the export ask for the same filters; the KPIs for all but the KPI set', () => {
    const filters = { area: '410105001', category: 'SR', urgency: 'major', period: 'today', kpi: 'overdueOpen' };
    expect(query(caseListUrl(state, '410105001', 50, 25))).toEqual({ ...filters, sort: 'reportedAt', order: 'desc', offset: '50', limit: '25' });
    expect(query(breakdownUrl(state, '410105001', 'category'))).toEqual({ ...filters, by: 'category' });
    expect(query(exportUrl(state, '410105001', 'xlsx'))).toEqual({ ...filters, sort: 'reportedAt', order: 'desc' });
    const { kpi: _kpi, ...withoutKpi } = filters;
    expect(query(kpisUrl(state, '410105001'))).toEqual(withoutKpi);
    expect(new URL(exportUrl(state, '410105001', 'csv'), 'http://desk').pathname).toBe('/api/cases/export.csv');
  });

  it('a range is whole Beijing days, the last one included; a preset is left to the server', () => {
    expect(rangeBounds({ kind: 'range', from: '2026-11-30', to: '2026-12-31' })).toEqual({ from: '2026-11-30T00:00:00+08:00', to: '2027-01-01T00:00:00+08:00' });
    const ranged = parseDeskUrl('?period=2026-11-20..2026-11-22');
    expect(query(`/?${filterParams(ranged, { area: '410100' }).toString()}`)).toEqual({ area: '410100', from: '2026-11-20T00:00:00+08:00', to: '2026-11-23T00:00:00+08:00' });
    expect(filterParams(parseDeskUrl('?period=30d'), { area: '410100' }).get('period')).toBe('30d');
  });

  it('a figure asks for its own KPI set over the same filters', () => {
    expect(filterParams(state, { area: '410105', kpi: 'reworked' }).get('kpi')).toBe('reworked');
    expect(filterParams(state, { area: '410105', withoutKpi: true }).has('kpi')).toBe(false);
    // 党建引领: the party filter goes to every read of the state (list, KPIs, breakdown, export).
    expect(filterParams(parseDeskUrl('?party=reported'), { area: '410105', withoutKpi: true }).get('party')).toBe('reported');
  });

  it('the sort columns are the server names; English export headers with lang=en', () => {
    expect(query(caseListUrl({ ...state, sort: 'deadline', order: 'asc' }, '410105', 0, 50))).toMatchObject({ sort: 'deadline', order: 'asc' });
    expect(query(exportUrl({ ...state, lang: 'en' }, '410105', 'csv')).lang).toBe('en');
  });
});
