import type { Level } from '../city/levels.js';
import type { StarResult, StarSet } from '../party/fiveStars.js';
import type { GridPartyFigures, OrgKind, PartyMember, PartyOrganisation } from '../party/partyModel.js';
import type { ServiceCentre } from '../party/serviceCentres.js';

/** One community's 五星支部 rating for the year. */
export interface CommunityRating {
  community: string;
  name: string;
  set: StarSet;
  stars: StarResult[];
  earned: number;
  /** The administrator's last record of its recorded stars this year (ISO time, +08:00), or null. */
  recorded: { at: string; note: string | null } | null;
}

/** One child area's figures, for drill-down (a community's children are its grid cells). */
export interface PartyChild {
  code: string;
  name: string;
  /** The organisation leading it (null for a district: its 区委 is not modelled). */
  organisation: PartyOrganisation['kind'] | null;
  grids: number;
  gridsWithOrganisation: number;
  members: number;
  /** 在职党员 living there who reported to their community (双报到). */
  reported: number;
}

/** GET /api/party?area= */
export interface PartyResponse {
  area: { code: string; name: string; level: Level };
  /** The organisations from the street down to the area's own (a grid's: the one leading it); empty above the street. */
  chain: PartyOrganisation[];
  coverage: { grids: number; gridsWithOrganisation: number; rate: number | null };
  /** Organisations seated inside the area, by kind (楼栋党小组 included). */
  organisations: Record<OrgKind, number>;
  /** 党员 living in the area: held in its communities, 在职党员, and those of them who reported (双报到). */
  members: { total: number; heldInCommunity: number; inService: number; reported: number; perGrid: number | null };
  /** The roster's 党员骨干 and 下沉干部 of the area (at their home grid), and how many are on duty now. */
  volunteers: { total: number; onDuty: number };
  cadres: { total: number; onDuty: number; gridsWithCadre: number };
  /** The area's children (districts, streets, communities or grid cells); none for a grid cell. */
  children: PartyChild[];
  /** Per grid cell, for a district or smaller area; null for the city (ask per district). */
  grids: GridPartyFigures[] | null;
  /** 党群服务中心 in the area (a grid's: its community's), with positions for a map layer. */
  serviceCentres: ServiceCentre[];
  /** Cases reported this year in the area, and those reported or handled by party members. */
  cases: PartyCases;
  ratings: {
    year: number;
    /** The stars of each set, in order. */
    stars: Record<StarSet, { key: string; name: string; source: 'recorded' | 'derived' }[]>;
    /** spread[n]: communities with n stars. */
    spread: number[];
    /** Communities that earned each star (by key). */
    byStar: Record<string, number>;
    /** Communities with every star of their set (五星支部). */
    allStars: number;
    /** Each community's rating, for a street or smaller area; null above (ask per street). */
    communities: CommunityRating[] | null;
  };
}

/** Cases reported this year (Beijing time) in the area, and those reported or handled by party members (the cases' flags). */
export interface PartyCases {
  year: number;
  total: number;
  reportedByMembers: number;
  handledByMembers: number;
}

/** The parts `GET /api/party?area=&parts=` answers instead of the whole (a comma list). */
export const PARTY_PARTS = ['summary', 'centres', 'gridCoverage'] as const;
export type PartyPart = (typeof PARTY_PARTS)[number];

/** `summary`: the figures a panel shows (a few hundred bytes at any level). */
export interface PartySummaryPart {
  coverage: PartyResponse['coverage'];
  members: { total: number; reported: number; perGrid: number | null };
  volunteers: PartyResponse['volunteers'];
  cadres: PartyResponse['cadres'];
  /** Communities rated this year, those with every star of their set (五星支部) and the spread of stars. */
  ratings: { year: number; communities: number; allStars: number; spread: number[] };
  cases: PartyCases;
}

/** Letters of `PartyCentresPart.kinds`: a street's own centre, a community's own, another one. */
export const CENTRE_KIND_LETTERS = { street: 's', community: 'c', other: 'o' } as const;
/** Letters of `PartyGridCoveragePart.organisation`: 网格党支部, 网格党小组, none of its own (led by its community's). */
export const GRID_ORG_LETTERS = { grid_branch: 'B', grid_group: 'G', none: '-' } as const;

/** `centres`: 党群服务中心 of the area as columns, for a map layer. */
export interface PartyCentresPart {
  /** Null for the city: its wall never zooms close enough to name them, and names are most of the bytes. */
  names: string[] | null;
  /** One letter per centre (CENTRE_KIND_LETTERS). */
  kinds: string;
  /** [lon, lat] per centre, flat, in the data set's datum. */
  positions: number[];
}

/** `gridCoverage`: each grid cell's own organisation and members, for a district or smaller area (null above: ask per district). */
export interface PartyGridCoveragePart {
  codes: string[];
  /** One letter per grid cell (GRID_ORG_LETTERS). */
  organisation: string;
  members: number[];
}

/** GET /api/party?area=&parts=...: the area and the parts asked for, nothing else. */
export interface PartyPartsResponse {
  area: PartyResponse['area'];
  summary?: PartySummaryPart;
  centres?: PartyCentresPart;
  gridCoverage?: PartyGridCoveragePart | null;
}

/** GET /api/party/members?area=&limit=&offset= */
export interface PartyMembersResponse {
  area: { code: string; name: string; level: Level };
  total: number;
  /** Names and phones masked for everyone (王**, 138****0000). */
  items: PartyMember[];
}

/** The organisations a grid cell may have of its own, for GET /api/party/grids?organisation=. */
export const GRID_ORGANISATION_FILTERS = ['none', 'grid_branch', 'grid_group'] as const;
export type GridOrganisationFilter = (typeof GRID_ORGANISATION_FILTERS)[number];

/** One grid cell in the coverage list: its own organisation (null: led by its community's) and the one leading it. */
export interface PartyGridItem {
  code: string;
  name: string;
  community: { code: string; name: string };
  organisation: 'grid_branch' | 'grid_group' | null;
  leading: { kind: OrgKind; name: string };
  members: number;
}

/** GET /api/party/grids?area=&organisation=&limit=&offset=: the area's grid cells (code order), the list behind coverage. */
export interface PartyGridsResponse {
  area: { code: string; name: string; level: Level };
  total: number;
  items: PartyGridItem[];
}

/** GET /api/party/communities?area=&stars=&limit=&offset=: the communities by stars earned (most first, then code), the list behind 五星支部. */
export interface PartyCommunitiesResponse {
  area: { code: string; name: string; level: Level };
  year: number;
  total: number;
  items: CommunityRating[];
}
