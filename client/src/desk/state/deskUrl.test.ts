import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, addFilter, clearFilters, drillTo, hasFilters, parseDeskUrl, removeFilter, serialiseDeskUrl, setKpi, setPeriod, sortBy, type DeskState } from './deskUrl.js';

const roundTrip = (s: DeskState): DeskState => parseDeskUrl(serialiseDeskUrl(s));

describe('the desk URL', () => {
  it('is empty for the default view and parses back to it', () => {
    expect(serialiseDeskUrl(DEFAULT_STATE)).toBe('');
    expect(parseDeskUrl('')).toEqual(DEFAULT_STATE);
  });

  it('keeps every field through serialise and parse, in one canonical order', () => {
    const state: DeskState = {
      area: '410105001',
      period: { kind: 'range', from: '2026-11-20', to: '2026-11-22' },
      filters: { category: ['SR', 'MD'], subcategory: ['SR01'], urgency: ['major'], status: ['dispatched', 'accepted'], channel: ['hotline_12345'], kpi: 'overdueOpen', party: 'handled' },
      sort: 'deadline',
      order: 'asc',
      caseId: '01JDESK0000000000000000000',
      lang: 'en',
      theme: 'dark',
    };
    const url = serialiseDeskUrl(state);
    expect(url).toBe('?area=410105001&period=2026-11-20..2026-11-22&category=SR,MD&subcategory=SR01&urgency=major&status=dispatched,accepted&channel=hotline_12345&kpi=overdueOpen&party=handled&sort=deadline&order=asc&case=01JDESK0000000000000000000&lang=en&theme=dark');
    expect(roundTrip(state)).toEqual(state);
    // Parameter order in a hand-written link does not matter.
    expect(parseDeskUrl('?theme=dark&lang=en&case=01JDESK0000000000000000000&order=asc&sort=deadline&party=handled&kpi=overdueOpen&channel=hotline_12345&status=dispatched,accepted&urgency=major&subcategory=SR01&category=SR,MD&period=2026-11-20..2026-11-22&area=410105001')).toEqual(state);
  });

  it('drops what it does not know, value by value, and falls back to the default', () => {
    const s = parseDeskUrl('?area=41x&period=lastyear&category=SR,NOPE,SR&urgency=urgent,major&status=open&kpi=everything&party=all&sort=size&case=abc&lang=fr&theme=pink');
    expect(s.area).toBeNull();
    expect(s.period).toEqual({ kind: 'today' });
    expect(s.filters).toEqual({ category: ['SR'], subcategory: [], urgency: ['major'], status: [], channel: [], kpi: null, party: null });
    expect(s.sort).toBe('time');
    expect(s.caseId).toBeNull();
    expect([s.lang, s.theme]).toEqual(['zh', 'light']);
    expect(parseDeskUrl('?period=2026-11-22..2026-11-20').period).toEqual({ kind: 'today' });
    expect(parseDeskUrl('?period=7d').period).toEqual({ kind: '7d' });
    // A building is not an area the desk counts cases for.
    expect(parseDeskUrl('?area=410105001003001001').area).toBeNull();
  });
});

describe('drill and filters on one state', () => {
  const filtered = addFilter(addFilter(setPeriod(DEFAULT_STATE, { kind: '7d' }), 'category', 'SR'), 'urgency', 'major');

  it('a drill keeps the filters, the period and the sort, and closes the open case', () => {
    const open = { ...sortBy(filtered, 'urgency'), caseId: '01JDESK0000000000000000000' };
    const drilled = drillTo(open, '410105001');
    expect(drilled.area).toBe('410105001');
    expect(drilled.filters).toEqual(open.filters);
    expect(drilled.period).toEqual({ kind: '7d' });
    expect([drilled.sort, drilled.order]).toEqual(['urgency', 'desc']);
    expect(drilled.caseId).toBeNull();
    // Up again by the breadcrumb: still the same filters.
    expect(drillTo(drilled, '410105').filters).toEqual(open.filters);
  });

  it('a filter keeps the area', () => {
    const there = drillTo(DEFAULT_STATE, '410105001003');
    const s = setKpi(addFilter(there, 'status', 'dispatched'), 'overdueOpen');
    expect(s.area).toBe('410105001003');
    expect(s.filters.status).toEqual(['dispatched']);
    expect(s.filters.kpi).toBe('overdueOpen');
  });

  it('filter then drill and drill then filter are the same view, with the same URL', () => {
    const a = drillTo(addFilter(DEFAULT_STATE, 'category', 'MD'), '410105');
    const b = addFilter(drillTo(DEFAULT_STATE, '410105'), 'category', 'MD');
    expect(a).toEqual(b);
    expect(serialiseDeskUrl(a)).toBe(serialiseDeskUrl(b));
  });

  it('adds a value once, ignores unknown ones, removes one chip at a time, clears all but area and period', () => {
    expect(addFilter(filtered, 'category', 'SR')).toBe(filtered);
    expect(addFilter(filtered, 'category', 'NOPE')).toBe(filtered);
    const two = addFilter(filtered, 'category', 'MD');
    expect(two.filters.category).toEqual(['SR', 'MD']);
    expect(removeFilter(two, 'category', 'SR').filters.category).toEqual(['MD']);
    const there = drillTo(two, '410105');
    const cleared = clearFilters(setKpi(there, 'reworked'));
    expect(hasFilters(cleared.filters)).toBe(false);
    expect(cleared.area).toBe('410105');
    expect(cleared.period).toEqual({ kind: '7d' });
  });

  it('a subcategory goes with its category: removing the category removes its subcategories', () => {
    const s = addFilter(addFilter(DEFAULT_STATE, 'category', 'SR'), 'subcategory', 'SR02');
    expect(s.filters.subcategory).toEqual(['SR02']);
    const withOther = addFilter(addFilter(DEFAULT_STATE, 'category', 'MD'), 'subcategory', 'SR02');
    expect(withOther.filters.category).toEqual(['MD', 'SR']);
    expect(removeFilter(s, 'category', 'SR').filters).toMatchObject({ category: [], subcategory: [] });
  });

  it('sorting the same column again flips the order; deadline starts with the nearest', () => {
    expect(sortBy(DEFAULT_STATE, 'time')).toMatchObject({ sort: 'time', order: 'asc' });
    expect(sortBy(DEFAULT_STATE, 'deadline')).toMatchObject({ sort: 'deadline', order: 'asc' });
    expect(sortBy(DEFAULT_STATE, 'area')).toMatchObject({ sort: 'area', order: 'desc' });
  });
});
