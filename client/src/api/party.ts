import { CENTRE_KIND_LETTERS, GRID_ORG_LETTERS, type PartyCases, type PartySummaryPart } from '../../../shared/src/api/party.js';
import type { ServiceCentre } from '../../../shared/src/party/serviceCentres.js';
import { isRecord } from './isRecord.js';

/**
 * 党建引领 for any screen (wall, desk, leaders' tablet): the parts of GET /api/party a panel and a
 * map layer read, parsed, not trusted. The server cuts every answer to the account's area.
 */

/** The panel's figures change over days (members, stars) or hours (cadres on duty): one poll a minute. */
export const PARTY_SUMMARY_POLL_MS = 60_000;
/** Centres and the grid cells' organisations change with the model only (a restart): once per area, renewed hourly. */
export const PARTY_MAP_POLL_MS = 3_600_000;
/** A city holds ~3,500 centres; more than this is a malformed answer, not a bigger city. */
const MAX_CENTRES = 20_000;
/** A district holds ~1,500–2,000 grid cells. */
const MAX_GRIDS = 20_000;

export const partySummaryUrl = (area: string): string => `/api/party?${new URLSearchParams({ area, parts: 'summary' }).toString()}`;
/** Grid coverage comes only for a district or below; the city answers null for it. */
export const partyMapUrl = (area: string): string => `/api/party?${new URLSearchParams({ area, parts: 'centres,gridCoverage' }).toString()}`;

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function counts<K extends string>(v: unknown, keys: readonly K[], what: string, url: string): Record<K, number> {
  if (!isRecord(v)) throw new Error(`${url}: ${what} missing`);
  const out = {} as Record<K, number>;
  for (const k of keys) {
    if (!isCount(v[k])) throw new Error(`${url}: ${what}.${k} is not a count`);
    out[k] = v[k];
  }
  return out;
}

/** The area and its summary (parts=summary). */
export interface PartySummary extends PartySummaryPart {
  area: { code: string; name: string };
}

export function parsePartySummary(json: unknown, url: string): PartySummary {
  if (!isRecord(json) || !isRecord(json.area) || typeof json.area.code !== 'string' || typeof json.area.name !== 'string') throw new Error(`${url}: expected { area, summary }`);
  const s = json.summary;
  if (!isRecord(s)) throw new Error(`${url}: summary missing`);
  const coverage = counts(s.coverage, ['grids', 'gridsWithOrganisation'] as const, 'coverage', url);
  const rate = isRecord(s.coverage) ? s.coverage.rate : undefined;
  if (rate !== null && !(isCount(rate) && rate <= 1)) throw new Error(`${url}: coverage.rate is not a ratio`);
  const members = counts(s.members, ['total', 'reported'] as const, 'members', url);
  const perGrid = isRecord(s.members) ? s.members.perGrid : undefined;
  if (perGrid !== null && !isCount(perGrid)) throw new Error(`${url}: members.perGrid is not a number`);
  const ratings = counts(s.ratings, ['year', 'communities', 'allStars'] as const, 'ratings', url);
  const spread = isRecord(s.ratings) ? s.ratings.spread : undefined;
  if (!Array.isArray(spread) || spread.length > 20 || !spread.every(isCount)) throw new Error(`${url}: ratings.spread is not a list of counts`);
  const cases: PartyCases = counts(s.cases, ['year', 'total', 'reportedByMembers', 'handledByMembers'] as const, 'cases', url);
  return {
    area: { code: json.area.code, name: json.area.name },
    coverage: { ...coverage, rate },
    members: { ...members, perGrid },
    volunteers: counts(s.volunteers, ['total', 'onDuty'] as const, 'volunteers', url),
    cadres: counts(s.cadres, ['total', 'onDuty', 'gridsWithCadre'] as const, 'cadres', url),
    ratings: { ...ratings, spread: spread as number[] },
    cases,
  };
}

/** One 党群服务中心 as the map layer draws it. */
export interface CentrePoint {
  /** Empty for the city's centres (not named at that scale). */
  name: string;
  kind: ServiceCentre['kind'];
  position: [number, number];
}

/** A grid cell's own organisation: 网格党支部, 网格党小组 or none (led by its community's). */
export type GridOrganisation = 'grid_branch' | 'grid_group' | 'none';

/** What the map layer draws for an area: its centres, and per grid cell (a district or below) its organisation and members. */
export interface PartyMapData {
  area: string;
  centres: CentrePoint[];
  /** Null for the city (ask per district). */
  grids: ReadonlyMap<string, { organisation: GridOrganisation; members: number }> | null;
}

const KIND_OF_LETTER = new Map(Object.entries(CENTRE_KIND_LETTERS).map(([kind, letter]) => [letter as string, kind as ServiceCentre['kind']]));
const ORG_OF_LETTER = new Map(Object.entries(GRID_ORG_LETTERS).map(([org, letter]) => [letter as string, org as GridOrganisation]));

export function parsePartyMap(json: unknown, url: string): PartyMapData {
  if (!isRecord(json) || !isRecord(json.area) || typeof json.area.code !== 'string') throw new Error(`${url}: expected { area, centres, gridCoverage }`);
  const c = json.centres;
  if (!isRecord(c) || (c.names !== null && !Array.isArray(c.names)) || typeof c.kinds !== 'string' || !Array.isArray(c.positions)) throw new Error(`${url}: centres missing`);
  const { names, kinds, positions } = c as { names: unknown[] | null; kinds: string; positions: unknown[] };
  const n = kinds.length;
  if (n > MAX_CENTRES || (names !== null && names.length !== n) || positions.length !== 2 * n) throw new Error(`${url}: centres' columns differ in length`);
  const centres = Array.from({ length: n }, (_, i): CentrePoint => {
    const name = names === null ? '' : names[i];
    const kind = KIND_OF_LETTER.get(kinds[i]!);
    const lon = positions[2 * i];
    const lat = positions[2 * i + 1];
    if (typeof name !== 'string' || !kind || typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) throw new Error(`${url}: centre ${i} is malformed`);
    return { name, kind, position: [lon, lat] };
  });
  const g = json.gridCoverage;
  let grids: PartyMapData['grids'] = null;
  if (g !== null && g !== undefined) {
    if (!isRecord(g) || !Array.isArray(g.codes) || typeof g.organisation !== 'string' || !Array.isArray(g.members)) throw new Error(`${url}: gridCoverage is malformed`);
    const columns = g as { codes: unknown[]; organisation: string; members: unknown[] };
    const m = columns.codes.length;
    if (m > MAX_GRIDS || columns.organisation.length !== m || columns.members.length !== m) throw new Error(`${url}: gridCoverage's columns differ in length`);
    const map = new Map<string, { organisation: GridOrganisation; members: number }>();
    columns.codes.forEach((code, i) => {
      const organisation = ORG_OF_LETTER.get(columns.organisation[i]!);
      const members = columns.members[i];
      if (typeof code !== 'string' || !organisation || !isCount(members)) throw new Error(`${url}: grid ${i} is malformed`);
      map.set(code, { organisation, members });
    });
    grids = map;
  }
  return { area: json.area.code, centres, grids };
}

/** Rows a click-through list shows (the figure gives the total; the desk's table pages the cases). */
export const PARTY_LIST_LIMIT = 100;

/** One row of a list behind a 党建引领 figure, as a screen shows it. */
export interface PartyListRow {
  code: string;
  /** The grid cell, community or member (masked by the server: 王**). */
  name: string;
  /** What places it: the grid cell's community and leading organisation, the member's grid, the community's stars. */
  detail: string;
  /** The row's figure: the grid cell's members, the community's stars earned (of its set); null for a member. */
  value: number | null;
  of: number | null;
}

/** A list behind a figure: how many there are and the first rows. */
export interface PartyList {
  total: number;
  rows: PartyListRow[];
}

export type PartyListKind = { kind: 'grids' } | { kind: 'members' } | { kind: 'communities'; stars: number | null };

/** The grid cells without an organisation of their own, the members (masked) or the communities by stars (most first; `stars`: only those with that many). */
export function partyListUrl(area: string, list: PartyListKind): string {
  const p = new URLSearchParams({ area, limit: String(PARTY_LIST_LIMIT) });
  if (list.kind === 'grids') p.set('organisation', 'none');
  if (list.kind === 'communities' && list.stars !== null) p.set('stars', String(list.stars));
  return `/api/party/${list.kind}?${p.toString()}`;
}

const text = (v: unknown, what: string, url: string): string => {
  if (typeof v !== 'string') throw new Error(`${url}: ${what} is not text`);
  return v;
};

/** Parses any of the three lists into rows (checked, not trusted). */
export function parsePartyList(json: unknown, url: string): PartyList {
  if (!isRecord(json) || !isCount(json.total) || !Array.isArray(json.items) || json.items.length > 500) throw new Error(`${url}: expected { total, items }`);
  const rows = json.items.map((item: unknown, i): PartyListRow => {
    if (!isRecord(item)) throw new Error(`${url}: item ${i} is malformed`);
    if (typeof item.community === 'string') {
      // A community's rating: its stars earned of its set.
      if (!isCount(item.earned) || !Array.isArray(item.stars)) throw new Error(`${url}: item ${i}'s stars are malformed`);
      const earned = item.stars.filter((s: unknown) => isRecord(s) && s.earned === true).map((s) => text((s as Record<string, unknown>).name, `item ${i}'s star`, url));
      return { code: item.community, name: text(item.name, `item ${i}'s name`, url), detail: earned.join('、'), value: item.earned, of: item.stars.length };
    }
    if (isRecord(item.community) && isRecord(item.leading)) {
      // A grid cell: its community and the organisation leading it.
      if (!isCount(item.members)) throw new Error(`${url}: item ${i}'s members is not a count`);
      return { code: text(item.code, `item ${i}'s code`, url), name: text(item.name, `item ${i}'s name`, url), detail: `${text(item.community.name, `item ${i}'s community`, url)} · ${text(item.leading.name, `item ${i}'s organisation`, url)}`, value: item.members, of: null };
    }
    // A member: masked name and phone, home grid.
    return { code: text(item.id, `item ${i}'s id`, url), name: text(item.name, `item ${i}'s name`, url), detail: `${text(item.phone, `item ${i}'s phone`, url)} · ${text(item.grid, `item ${i}'s grid`, url)}`, value: null, of: null };
  });
  return { total: json.total, rows };
}
