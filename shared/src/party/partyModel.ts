import type { CityModel } from '../city/cityModel.js';
import type { AreaNode } from '../city/model.js';
import { GIVEN, PHONE_PREFIXES, SURNAMES, type Roster } from '../staff/roster.js';
import { createRandom } from '../util/prng.js';
import type { PartyConfig } from './partyConfig.js';
import type { ServiceCentre } from './serviceCentres.js';
import { prefixRange } from '../city/codeRange.js';

/**
 * 党建引领: the party organisation on the grid, derived deterministically from the city model and
 * the roster (shared/src/party/buildPartyModel.ts generates it; the rules are in partyConfig.ts).
 *
 * The chain: a street's 街道党工委 (a town's 乡镇党委) → a community's 党委, 党总支 or 党支部 (by its
 * members) → a grid's 网格党支部 or 网格党小组 → 楼栋党小组 in urban buildings (counted, not kept).
 * Members live in grids: those held in the community (组织关系在社区, among them the roster's 党员骨干)
 * belong to their grid's organisation; 在职党员 belong to their workplace's and may have reported to
 * their home community (双报到). Every figure is kept per grid, so an area's figures are sums over
 * its grids and add up from grids to the city.
 */
export const ORG_KINDS = [
  'street_working_committee',
  'township_committee',
  'community_committee',
  'community_general_branch',
  'community_branch',
  'grid_branch',
  'grid_group',
  'building_group',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ORG_KIND_NAMES: Record<OrgKind, string> = {
  street_working_committee: '街道党工委',
  township_committee: '乡镇党委',
  community_committee: '社区（村）党委',
  community_general_branch: '社区（村）党总支',
  community_branch: '社区（村）党支部',
  grid_branch: '网格党支部',
  grid_group: '网格党小组',
  building_group: '楼栋党小组',
};

/** How an organisation's name ends after its area's name (平等街社区 + 党委). */
const NAME_SUFFIX: Record<Exclude<OrgKind, 'building_group'>, string> = {
  street_working_committee: '党工委',
  township_committee: '党委',
  community_committee: '党委',
  community_general_branch: '党总支',
  community_branch: '党支部',
  grid_branch: '党支部',
  grid_group: '党小组',
};

/** An organisation leading an area: a street, a community or a grid cell. */
export interface PartyOrganisation {
  /** The area it leads (one organisation per area at most). */
  code: string;
  kind: Exclude<OrgKind, 'building_group'>;
  name: string;
  level: 'street' | 'community' | 'grid';
  /** The area of the organisation above it; null for a street's. */
  parent: string | null;
  /** Members held in its area (在职党员 who reported are counted apart). */
  members: number;
}

export interface PartyMember {
  /** `M` + home grid code + four digits. */
  id: string;
  /** Personal data: masked before it leaves the server. */
  name: string;
  phone: string;
  grid: string;
  /** Held in the community (its grid's organisation), or a 在职党员 of a workplace organisation living here. */
  membership: 'community' | 'in_service';
  /** Has reported to the community (双报到); members held in it always have. */
  reported: boolean;
  /** The roster's 党员骨干 this member is, if any. */
  workerId: string | null;
}

export interface PartySummary {
  grids: number;
  /** Grids with an organisation of their own (网格党支部 or 网格党小组). */
  gridsWithOrganisation: number;
  /** Organisations seated inside the area (the chain above it is not counted). */
  organisations: Record<OrgKind, number>;
  members: { total: number; heldInCommunity: number; inService: number; reported: number };
}

export interface GridPartyFigures {
  code: string;
  organisation: 'grid_branch' | 'grid_group' | null;
  /** Members living in the grid: held there plus 在职党员. */
  members: number;
  heldInCommunity: number;
  /** 在职党员 living here who reported. */
  reported: number;
  buildingGroups: number;
}

/** The model as columns: per grid (in roster.gridCodes order), per community and per street (sorted codes). */
export interface PartyColumns {
  config: PartyConfig;
  seed: string;
  model: CityModel;
  roster: Roster;
  /** Members held in the community, per grid. */
  held: Uint16Array;
  inService: Uint16Array;
  reported: Uint16Array;
  /** The roster's 党员骨干 living in the grid (the first members held there). */
  volunteers: Uint16Array;
  buildingGroups: Uint16Array;
  /** 0: led by the community's organisation, else an index into ORG_KINDS (grid_branch or grid_group). */
  gridKind: Uint8Array;
  communityCodes: readonly string[];
  communityKind: Uint8Array;
  streetCodes: readonly string[];
  streetKind: Uint8Array;
  centres: readonly ServiceCentre[];
}

export class PartyModel {
  readonly config: PartyConfig;
  readonly model: CityModel;
  readonly centres: readonly ServiceCentre[];
  private readonly c: PartyColumns;
  /** Members living in grids before grid g: memberStart[g] (length grids + 1), for pages by offset. */
  private readonly memberStart: Int32Array;
  private readonly communityIndex: Map<string, number>;
  private readonly streetIndex: Map<string, number>;
  /** The centres' area codes, sorted (centres are). */
  private readonly centreAreas: readonly string[];

  constructor(columns: PartyColumns) {
    this.c = columns;
    this.config = columns.config;
    this.model = columns.model;
    this.centres = columns.centres;
    const grids = columns.roster.gridCount;
    this.memberStart = new Int32Array(grids + 1);
    for (let g = 0; g < grids; g++) this.memberStart[g + 1] = this.memberStart[g]! + columns.held[g]! + columns.inService[g]!;
    this.communityIndex = new Map(columns.communityCodes.map((code, i) => [code, i]));
    this.streetIndex = new Map(columns.streetCodes.map((code, i) => [code, i]));
    this.centreAreas = columns.centres.map((c) => c.area);
  }

  /** The organisation seated in an area (street, community, grid cell), or undefined (none there, or another level). */
  organisation(code: string): PartyOrganisation | undefined {
    const node = this.model.node(code);
    if (!node) return undefined;
    const held = () => this.sumHeld(code);
    if (node.level === 'street') return this.org(node, ORG_KINDS[this.c.streetKind[this.streetIndex.get(code)!]!]!, null, held());
    if (node.level === 'community') return this.org(node, ORG_KINDS[this.c.communityKind[this.communityIndex.get(code)!]!]!, node.parent, held());
    if (node.level === 'grid') {
      const g = this.c.roster.indexOfGrid(code);
      const kind = this.c.gridKind[g]!;
      return kind === 0 ? undefined : this.org(node, ORG_KINDS[kind]!, node.parent, this.c.held[g]!);
    }
    return undefined;
  }

  /** The one organisation leading a grid: its own, else its community's. */
  leadingOrganisation(gridCode: string): PartyOrganisation {
    return this.organisation(gridCode) ?? this.organisation(gridCode.slice(0, 12))!;
  }

  /** The organisations from the street down to the area's own (a grid's: down to the one leading it); empty above the street. */
  chain(code: string): PartyOrganisation[] {
    const level = this.model.node(code)?.level;
    if (level !== 'street' && level !== 'community' && level !== 'grid') return [];
    const out = [this.organisation(code.slice(0, 9))!];
    if (level !== 'street') out.push(this.organisation(code.slice(0, 12))!);
    const own = level === 'grid' ? this.organisation(code) : undefined;
    if (own) out.push(own);
    return out;
  }

  /** Figures of an area (any level from the city to a grid cell), or undefined for an unknown code. */
  summary(code: string): PartySummary | undefined {
    const range = this.c.roster.gridRange(code);
    if (!range) return undefined;
    const organisations = Object.fromEntries(ORG_KINDS.map((k) => [k, 0])) as Record<OrgKind, number>;
    const members = { total: 0, heldInCommunity: 0, inService: 0, reported: 0 };
    let covered = 0;
    for (let g = range[0]; g < range[1]; g++) {
      const kind = this.c.gridKind[g]!;
      if (kind !== 0) {
        covered++;
        organisations[ORG_KINDS[kind]!]++;
      }
      organisations.building_group += this.c.buildingGroups[g]!;
      members.heldInCommunity += this.c.held[g]!;
      members.inService += this.c.inService[g]!;
      members.reported += this.c.reported[g]!;
    }
    members.total = members.heldInCommunity + members.inService;
    const [cFrom, cTo] = prefixRange(this.c.communityCodes, this.prefixOf(code));
    for (let i = cFrom; i < cTo; i++) organisations[ORG_KINDS[this.c.communityKind[i]!]!]++;
    const [sFrom, sTo] = prefixRange(this.c.streetCodes, this.prefixOf(code));
    for (let i = sFrom; i < sTo; i++) organisations[ORG_KINDS[this.c.streetKind[i]!]!]++;
    return { grids: range[1] - range[0], gridsWithOrganisation: covered, organisations, members };
  }

  /** Per grid cell of an area (grid code order). */
  grids(code: string): GridPartyFigures[] {
    const [from, to] = this.c.roster.gridRange(code) ?? [0, 0];
    const out: GridPartyFigures[] = [];
    for (let g = from; g < to; g++) {
      const kind = this.c.gridKind[g]!;
      out.push({
        code: this.c.roster.gridCodes[g]!,
        organisation: kind === 0 ? null : (ORG_KINDS[kind] as 'grid_branch' | 'grid_group'),
        members: this.c.held[g]! + this.c.inService[g]!,
        heldInCommunity: this.c.held[g]!,
        reported: this.c.reported[g]!,
        buildingGroups: this.c.buildingGroups[g]!,
      });
    }
    return out;
  }

  /** Communities inside an area (a grid's: its own community), code order. */
  communities(code: string): AreaNode[] {
    const prefix = this.model.node(code)?.level === 'grid' ? code.slice(0, 12) : this.prefixOf(code);
    const [from, to] = prefixRange(this.c.communityCodes, prefix);
    return this.c.communityCodes.slice(from, to).map((c) => this.model.node(c)!);
  }

  /** Service centres inside an area (a grid's: its community's), sorted by area. */
  centresIn(code: string): ServiceCentre[] {
    const prefix = this.model.node(code)?.level === 'grid' ? code.slice(0, 12) : this.prefixOf(code);
    const [from, to] = prefixRange(this.centreAreas, prefix);
    return this.centres.slice(from, to);
  }

  /**
   * A page of the members living in an area, in grid order; within a grid those held in the
   * community first (the roster's 党员骨干 leading), then the 在职党员 who reported, then the others.
   * Names and phones are generated per member from the seed: nothing is stored.
   */
  members(code: string, offset: number, limit: number): { total: number; items: PartyMember[] } {
    const range = this.c.roster.gridRange(code);
    if (!range) return { total: 0, items: [] };
    const first = this.memberStart[range[0]]!;
    const total = this.memberStart[range[1]]! - first;
    const items: PartyMember[] = [];
    let g = range[0];
    for (let k = first + offset; k < first + Math.min(total, offset + limit); k++) {
      while (this.memberStart[g + 1]! <= k) g++;
      items.push(this.member(g, k - this.memberStart[g]!));
    }
    return { total, items };
  }

  private member(g: number, seq: number): PartyMember {
    const grid = this.c.roster.gridCodes[g]!;
    const id = `M${grid}${String(seq).padStart(4, '0')}`;
    const held = this.c.held[g]!;
    if (seq < this.c.volunteers[g]!) {
      const worker = this.c.roster.byGrid(grid).filter((w) => w.kind === 'party_volunteer')[seq]!;
      return { id, name: worker.name, phone: worker.phone, grid, membership: 'community', reported: true, workerId: worker.id };
    }
    const random = createRandom(`${this.c.seed}:member:${grid}:${seq}`);
    const below = (n: number) => Math.floor(random() * n);
    const name = SURNAMES[below(SURNAMES.length)]! + GIVEN[below(GIVEN.length)]! + (random() < 0.7 ? GIVEN[below(GIVEN.length)]! : '');
    const phone = PHONE_PREFIXES[below(PHONE_PREFIXES.length)]! + String(below(100_000_000)).padStart(8, '0');
    const community = seq < held;
    return { id, name, phone, grid, membership: community ? 'community' : 'in_service', reported: community || seq < held + this.c.reported[g]!, workerId: null };
  }

  private org(node: AreaNode, kind: OrgKind, parent: string | null, members: number): PartyOrganisation {
    const k = kind as Exclude<OrgKind, 'building_group'>;
    return { code: node.code, kind: k, name: `${node.name}${NAME_SUFFIX[k]}`, level: node.level as PartyOrganisation['level'], parent, members };
  }

  private sumHeld(code: string): number {
    const [from, to] = this.c.roster.gridRange(code) ?? [0, 0];
    let n = 0;
    for (let g = from; g < to; g++) n += this.c.held[g]!;
    return n;
  }

  /** Codes inside an area start with this (the city's code is not a prefix of its districts'). */
  private prefixOf(code: string): string {
    return this.model.node(code)?.level === 'city' ? code.slice(0, 4) : code;
  }
}

