import { CHANNELS, STATUSES, URGENCIES, type CaseStatus, type Channel, type Urgency } from '../../../../shared/src/cases/caseModel.js';
import { CATEGORY_BY_CODE, SUBCATEGORY_BY_CODE } from '../../../../shared/src/cases/categories.js';
import { checkAreaCode, levelOfCode } from '../../../../shared/src/city/codes.js';
import { KPI_NAMES, type KpiName } from '../../../../shared/src/kpi/kpiNames.js';
import { PARTY_FLAGS, type PartyFlag } from '../../../../shared/src/api/cases.js';

/**
 * The desk's whole view in one value, kept in the URL: a reload, back/forward and a copied link
 * reproduce it. Area and filters are independent fields, so drilling keeps the filters and a
 * filter keeps the area (the bug class of BI tools where one silently resets the other).
 */
export type PeriodPreset = 'today' | 'yesterday' | '7d' | '30d';
export type Period = { kind: PeriodPreset } | { kind: 'range'; from: string; to: string };

export const PERIOD_PRESETS: readonly PeriodPreset[] = ['today', 'yesterday', '7d', '30d'];

export interface DeskFilters {
  category: readonly string[];
  subcategory: readonly string[];
  urgency: readonly Urgency[];
  status: readonly CaseStatus[];
  channel: readonly Channel[];
  /** A KPI's case set (kpi=overdueOpen ...): the cases behind that figure. */
  kpi: KpiName | null;
  /** 党建引领: only the cases reported (or handled) by a party member (party=reported|handled). */
  party: PartyFlag | null;
}

export const SORT_KEYS = ['time', 'urgency', 'deadline', 'area'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface DeskState {
  /** The area in view; null: the account's own area. */
  area: string | null;
  period: Period;
  filters: DeskFilters;
  sort: SortKey;
  order: 'asc' | 'desc';
  /** The case open in the side panel. */
  caseId: string | null;
  lang: 'zh' | 'en';
  theme: 'light' | 'dark';
}

export const NO_FILTERS: DeskFilters = { category: [], subcategory: [], urgency: [], status: [], channel: [], kpi: null, party: null };

export const DEFAULT_STATE: DeskState = {
  area: null,
  period: { kind: 'today' },
  filters: NO_FILTERS,
  sort: 'time',
  order: 'desc',
  caseId: null,
  lang: 'zh',
  theme: 'light',
};

/** The list filters, in the order chips and the URL show them. */
export const LIST_FILTERS = ['category', 'subcategory', 'urgency', 'status', 'channel'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

const VALID: Record<ListFilter, (v: string) => boolean> = {
  category: (v) => CATEGORY_BY_CODE.has(v),
  subcategory: (v) => SUBCATEGORY_BY_CODE.has(v),
  urgency: (v) => (URGENCIES as readonly string[]).includes(v),
  status: (v) => (STATUSES as readonly string[]).includes(v),
  channel: (v) => (CHANNELS as readonly string[]).includes(v),
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CASE_ID = /^[0-9A-Z]{26}$/;

function parsePeriod(raw: string | null): Period {
  if (raw && (PERIOD_PRESETS as readonly string[]).includes(raw)) return { kind: raw as PeriodPreset };
  const range = raw?.split('..');
  if (range?.length === 2 && DAY.test(range[0]!) && DAY.test(range[1]!) && !Number.isNaN(Date.parse(range[0]!)) && !Number.isNaN(Date.parse(range[1]!)) && range[0]! <= range[1]!) {
    return { kind: 'range', from: range[0]!, to: range[1]! };
  }
  return { kind: 'today' };
}

const serialisePeriod = (p: Period): string => (p.kind === 'range' ? `${p.from}..${p.to}` : p.kind);

/** Values of a comma list that are known, each once, in the order given; unknown ones are dropped. */
function listOf(raw: string | null, valid: (v: string) => boolean): string[] {
  if (!raw) return [];
  return [...new Set(raw.split(',').map((v) => v.trim()).filter(valid))];
}

/** Reads the desk's state from a location search string; anything unknown falls back to the default. */
export function parseDeskUrl(search: string): DeskState {
  const p = new URLSearchParams(search);
  const area = p.get('area');
  const areaCheck = area ? checkAreaCode(area) : null;
  const filters: DeskFilters = {
    category: listOf(p.get('category'), VALID.category),
    subcategory: listOf(p.get('subcategory'), VALID.subcategory),
    urgency: listOf(p.get('urgency'), VALID.urgency) as Urgency[],
    status: listOf(p.get('status'), VALID.status) as CaseStatus[],
    channel: listOf(p.get('channel'), VALID.channel) as Channel[],
    kpi: (KPI_NAMES as readonly string[]).includes(p.get('kpi') ?? '') ? (p.get('kpi') as KpiName) : null,
    party: (PARTY_FLAGS as readonly string[]).includes(p.get('party') ?? '') ? (p.get('party') as PartyFlag) : null,
  };
  const sort = p.get('sort') ?? '';
  const caseId = p.get('case') ?? '';
  return {
    area: areaCheck?.ok && levelOfCode(areaCheck.code) !== 'building' ? areaCheck.code : null,
    period: parsePeriod(p.get('period')),
    filters,
    sort: (SORT_KEYS as readonly string[]).includes(sort) ? (sort as SortKey) : DEFAULT_STATE.sort,
    order: p.get('order') === 'asc' ? 'asc' : 'desc',
    caseId: CASE_ID.test(caseId) ? caseId : null,
    lang: p.get('lang') === 'en' ? 'en' : 'zh',
    theme: p.get('theme') === 'dark' ? 'dark' : 'light',
  };
}

/**
 * The search string of a state (with "?", or "" for the default view): fixed parameter order,
 * defaults left out, so one view has one URL.
 */
export function serialiseDeskUrl(state: DeskState): string {
  const p = new URLSearchParams();
  if (state.area) p.set('area', state.area);
  if (state.period.kind !== 'today') p.set('period', serialisePeriod(state.period));
  for (const key of LIST_FILTERS) if (state.filters[key].length > 0) p.set(key, state.filters[key].join(','));
  if (state.filters.kpi) p.set('kpi', state.filters.kpi);
  if (state.filters.party) p.set('party', state.filters.party);
  if (state.sort !== DEFAULT_STATE.sort || state.order !== DEFAULT_STATE.order) {
    p.set('sort', state.sort);
    p.set('order', state.order);
  }
  if (state.caseId) p.set('case', state.caseId);
  if (state.lang !== 'zh') p.set('lang', state.lang);
  if (state.theme !== 'light') p.set('theme', state.theme);
  const s = p.toString();
  return s ? `?${s.replace(/%2C/g, ',')}` : '';
}

/** Drill to another area (down, up or across): filters, period and sort stay; an open case closes. */
export function drillTo(state: DeskState, area: string): DeskState {
  return { ...state, area, caseId: null };
}

/** Adds one value of a list filter (nothing if already there); the area stays. */
export function addFilter(state: DeskState, key: ListFilter, value: string): DeskState {
  if (!VALID[key](value) || state.filters[key].includes(value as never)) return state;
  const filters = { ...state.filters, [key]: [...state.filters[key], value] };
  // A subcategory belongs to one category: choosing it narrows the category to that one.
  if (key === 'subcategory') {
    const category = SUBCATEGORY_BY_CODE.get(value)!.category;
    if (filters.category.length > 0 && !filters.category.includes(category)) filters.category = [...filters.category, category];
  }
  return { ...state, filters, caseId: null };
}

export function removeFilter(state: DeskState, key: ListFilter, value: string): DeskState {
  const filters = { ...state.filters, [key]: state.filters[key].filter((v) => v !== value) };
  // Without its category, a subcategory would be a filter no chip explains.
  if (key === 'category') filters.subcategory = filters.subcategory.filter((s) => SUBCATEGORY_BY_CODE.get(s)?.category !== value);
  return { ...state, filters };
}

export function setKpi(state: DeskState, kpi: KpiName | null): DeskState {
  return { ...state, filters: { ...state.filters, kpi }, caseId: null };
}

export function setPeriod(state: DeskState, period: Period): DeskState {
  return { ...state, period, caseId: null };
}

/** The cases reported (or handled) by party members, or all again (null); the area stays. */
export function setParty(state: DeskState, party: PartyFlag | null): DeskState {
  return { ...state, filters: { ...state.filters, party }, caseId: null };
}

/** Every filter off; area, period and sort stay. */
export function clearFilters(state: DeskState): DeskState {
  return { ...state, filters: NO_FILTERS };
}

export function hasFilters(filters: DeskFilters): boolean {
  return filters.kpi !== null || filters.party !== null || LIST_FILTERS.some((k) => filters[k].length > 0);
}

/** Sort by a column: the same column again flips the order. */
export function sortBy(state: DeskState, sort: SortKey): DeskState {
  if (state.sort === sort) return { ...state, order: state.order === 'asc' ? 'desc' : 'asc' };
  return { ...state, sort, order: sort === 'deadline' ? 'asc' : 'desc' };
}
