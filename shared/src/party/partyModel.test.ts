import { beforeAll, describe, expect, it } from 'vitest';
import { loadCity } from '../../../fixtures/loadCity.js';
import { generateBuildings } from '../city/buildings.js';
import type { CityModel } from '../city/cityModel.js';
import { toLonLat, toQuantized } from '../city/topology.js';
import { containsPoint } from '../geo/planar.js';
import { buildRoster } from '../staff/buildRoster.js';
import type { Roster } from '../staff/roster.js';
import { buildPartyModel } from './buildPartyModel.js';
import { DEFAULT_PARTY_CONFIG, parsePartyConfig, type PartyConfig } from './partyConfig.js';
import { ORG_KINDS, type OrgKind, type PartyModel, type PartySummary } from './partyModel.js';

/** The configuration with some fields replaced (buildings off unless asked: generating them costs seconds). */
const configWith = (over: { organisation?: Partial<PartyConfig['organisation']>; members?: Partial<PartyConfig['members']> }): PartyConfig =>
  parsePartyConfig({
    ...DEFAULT_PARTY_CONFIG,
    organisation: { ...DEFAULT_PARTY_CONFIG.organisation, buildingGroupAreaTypes: [], ...over.organisation },
    members: { ...DEFAULT_PARTY_CONFIG.members, ...over.members },
  });

/** Counts an area's figures the slow way: every node of the model, each grid's organisation asked for by code. */
function bruteForce(party: PartyModel, model: CityModel, code: string): PartySummary {
  const inside = (c: string) => model.within(c, code);
  const organisations = Object.fromEntries(ORG_KINDS.map((k) => [k, 0])) as Record<OrgKind, number>;
  const members = { total: 0, heldInCommunity: 0, inService: 0, reported: 0 };
  let grids = 0;
  let covered = 0;
  for (const node of model.file.nodes) {
    if (!inside(node.code)) continue;
    if (node.level === 'street' || node.level === 'community') organisations[party.organisation(node.code)!.kind]++;
    if (node.level !== 'grid') continue;
    grids++;
    const own = party.organisation(node.code);
    if (own) {
      covered++;
      organisations[own.kind]++;
    }
    const [figures] = party.grids(node.code);
    organisations.building_group += figures!.buildingGroups;
    members.heldInCommunity += figures!.heldInCommunity;
    members.inService += figures!.members - figures!.heldInCommunity;
    members.reported += figures!.reported;
    members.total += figures!.members;
  }
  return { grids, gridsWithOrganisation: covered, organisations, members };
}

describe('party organisation model', () => {
  let model: CityModel;
  let roster: Roster;
  let party: PartyModel;

  beforeAll(() => {
    model = loadCity().model;
    roster = buildRoster(model);
    party = buildPartyModel(model, roster);
  });

  it('tiles the city: every grid has exactly one leading organisation, and every organisation a parent up to the street', () => {
    for (const grid of model.nodesAt('grid')) {
      const leading = party.leadingOrganisation(grid.code);
      const own = party.organisation(grid.code);
      // exactly one: its own where it has one, else its community's, never both or neither
      expect(leading.code).toBe(own ? grid.code : grid.parent);
      const chain = party.chain(grid.code);
      expect(chain.at(-1)).toEqual(leading);
      expect(chain.map((o) => o.level)).toEqual(own ? ['street', 'community', 'grid'] : ['street', 'community']);
      // each link's parent is the organisation above it, over the area that contains it
      for (let i = chain.length - 1; i > 0; i--) {
        expect(chain[i]!.parent).toBe(chain[i - 1]!.code);
        expect(model.node(chain[i]!.code)!.parent).toBe(chain[i - 1]!.code);
      }
      expect(chain[0]!.parent).toBeNull();
    }
    for (const community of model.nodesAt('community')) expect(party.organisation(community.code)!.parent).toBe(community.parent);
    for (const level of ['city', 'district'] as const) for (const node of model.nodesAt(level)) expect(party.organisation(node.code)).toBeUndefined();
    // Zhengzhou reports every grid with a party organisation: the defaults give each grid its own
    expect(party.summary(model.cityCode)!.gridsWithOrganisation).toBe(model.nodesAt('grid').length);
  });

  it('sizes organisations by their members, as the configuration says', () => {
    const { branchMin, generalBranchMin, committeeMin } = DEFAULT_PARTY_CONFIG.organisation;
    for (const community of model.nodesAt('community')) {
      const org = party.organisation(community.code)!;
      const expected = org.members >= committeeMin ? 'community_committee' : org.members >= generalBranchMin ? 'community_general_branch' : 'community_branch';
      expect(org.kind).toBe(expected);
      expect(org.name).toBe(`${community.name}${{ community_committee: '党委', community_general_branch: '党总支', community_branch: '党支部' }[expected]}`);
      for (const grid of party.grids(community.code)) {
        // a 党支部 has no branches under it; elsewhere a grid with branchMin members has a branch
        expect(grid.organisation).toBe(expected !== 'community_branch' && grid.heldInCommunity >= branchMin ? 'grid_branch' : 'grid_group');
      }
    }
    for (const street of model.nodesAt('street')) {
      expect(party.organisation(street.code)!.kind).toBe(/[镇乡]$/.test(street.name) ? 'township_committee' : 'street_working_committee');
    }
    const city = party.summary(model.cityCode)!.organisations;
    expect(city.community_committee + city.community_general_branch + city.community_branch).toBe(model.nodesAt('community').length);
    expect(city.community_committee).toBeGreaterThan(0);
    expect(city.community_general_branch).toBeGreaterThan(0);
  });

  it('answers figures that equal a brute-force count, at every level', () => {
    const district = model.children(model.cityCode)[2]!;
    const street = model.children(district.code)[1]!;
    const community = model.children(street.code)[0]!;
    const grid = model.children(community.code)[0]!;
    for (const code of [model.cityCode, district.code, street.code, community.code, grid.code]) {
      expect(party.summary(code)).toEqual(bruteForce(party, model, code));
    }
    expect(party.summary('410105999')).toBeUndefined();
  });

  it('has a realistic membership, the roster’s 党员骨干 among it, and 楼栋党小组 in urban buildings', () => {
    const city = party.summary(model.cityCode)!;
    const population = model.nodesAt('grid').reduce((n, g) => n + g.population, 0);
    // ~7% of China's population are members
    expect(city.members.total / population).toBeGreaterThan(0.065);
    expect(city.members.total / population).toBeLessThan(0.075);
    expect(city.members.reported / city.members.inService).toBeCloseTo(DEFAULT_PARTY_CONFIG.members.reportedShare, 2);
    const volunteers = roster.countsFor(model.cityCode)!.byKind.party_volunteer;
    let heldAtLeastVolunteers = 0;
    for (const g of model.nodesAt('grid')) {
      const held = party.grids(g.code)[0]!.heldInCommunity;
      if (held >= roster.countsFor(g.code)!.byKind.party_volunteer) heldAtLeastVolunteers++;
    }
    expect(heldAtLeastVolunteers).toBe(model.nodesAt('grid').length);
    expect(city.members.heldInCommunity).toBeGreaterThan(volunteers);
    // one 楼栋党小组 per generated building of an urban grid with a branch (members suffice by default)
    const urban = model.nodesAt('grid').filter((g) => g.areaType === 'urban').slice(0, 200);
    for (const g of urban) {
      const shape = model.geometry(g.code)!.map((poly) => poly.map((ring) => ring.map((p) => toLonLat(model.file.transform, p))));
      const figures = party.grids(g.code)[0]!;
      expect(figures.buildingGroups).toBe(figures.organisation === 'grid_branch' ? generateBuildings(g, shape).length : 0);
    }
    expect(party.grids(model.nodesAt('grid').find((g) => g.areaType === 'rural')!.code)[0]!.buildingGroups).toBe(0);
  });

  it('pages an area’s members in grid order, the roster’s volunteers first in each grid', () => {
    const street = model.children(model.children(model.cityCode)[1]!.code)[0]!;
    const total = party.summary(street.code)!.members.total;
    const all = party.members(street.code, 0, total + 10);
    expect(all.total).toBe(total);
    expect(all.items).toHaveLength(total);
    expect(new Set(all.items.map((m) => m.id)).size).toBe(total);
    expect(all.items.every((m) => m.grid.startsWith(street.code))).toBe(true);
    const pages = [party.members(street.code, 0, 100), party.members(street.code, 100, 100)].flatMap((p) => p.items);
    expect(pages).toEqual(all.items.slice(0, 200));
    expect(party.members(street.code, total - 2, 50).items).toEqual(all.items.slice(-2));

    const grid = model.children(model.children(street.code)[0]!.code)[0]!.code;
    const inGrid = party.members(grid, 0, 10_000).items;
    const volunteers = roster.byGrid(grid).filter((w) => w.kind === 'party_volunteer');
    expect(inGrid.slice(0, volunteers.length).map((m) => [m.workerId, m.name, m.phone])).toEqual(volunteers.map((w) => [w.id, w.name, w.phone]));
    const figures = party.grids(grid)[0]!;
    expect(inGrid.filter((m) => m.membership === 'community')).toHaveLength(figures.heldInCommunity);
    expect(inGrid.filter((m) => m.membership === 'in_service' && m.reported)).toHaveLength(figures.reported);
    expect(inGrid.every((m) => /^1\d{10}$/.test(m.phone) && m.name.length >= 2)).toBe(true);
  });

  it('places a 党群服务中心 inside every street and community, and the named ones in their real areas', () => {
    const streets = model.nodesAt('street');
    const communities = model.nodesAt('community');
    expect(party.centres).toHaveLength(streets.length + communities.length + 1);
    for (const centre of party.centres) {
      const [x, y] = toQuantized(model.file.transform, centre.position[0], centre.position[1]);
      expect(containsPoint(model.geometry(centre.area)!, x, y), `${centre.id} ${centre.name}`).toBe(true);
    }
    const duling = party.centresIn('410105004').filter((c) => c.area === '410105004');
    expect(duling.map((c) => [c.name, c.kind, c.named])).toEqual([
      ['杜岭街道党群服务中心', 'street', false],
      ['杜岭街道商圈党群服务中心', 'other', true],
    ]);
    expect(party.centresIn('410104002002')).toEqual([expect.objectContaining({ id: 'C410104002002', name: '平等街社区党群服务中心', kind: 'community', named: true })]);
    // a grid sees its community's centre; a district only its own
    expect(party.centresIn('410104002002001').map((c) => c.id)).toEqual(['C410104002002']);
    expect(party.centresIn('410105').every((c) => c.area.startsWith('410105'))).toBe(true);
    expect(party.centresIn(model.cityCode)).toHaveLength(party.centres.length);
  });

  it('is the same for the same inputs and follows its configuration', () => {
    const small = configWith({});
    const a = buildPartyModel(model, roster, small);
    const b = buildPartyModel(model, roster, small);
    const other = buildPartyModel(model, roster, small, 'another');
    const district = model.children(model.cityCode)[0]!.code;
    expect(b.grids(district)).toEqual(a.grids(district));
    expect(b.members(district, 1000, 20)).toEqual(a.members(district, 1000, 20));
    expect(other.grids(district)).not.toEqual(a.grids(district));

    // Grids below gridGroupMin are led by their community: coverage drops, the chain still tiles.
    const strict = buildPartyModel(model, roster, configWith({ organisation: { gridGroupMin: 25 } }));
    const city = strict.summary(model.cityCode)!;
    expect(city.gridsWithOrganisation).toBeLessThan(city.grids);
    expect(city.gridsWithOrganisation).toBeGreaterThan(0);
    expect(city).toEqual(bruteForce(strict, model, model.cityCode));
    for (const g of model.nodesAt('grid')) {
      const figures = strict.grids(g.code)[0]!;
      expect(strict.leadingOrganisation(g.code).level).toBe(figures.heldInCommunity >= 25 ? 'grid' : 'community');
    }
    // Higher thresholds: fewer 党委, more 党支部.
    const sized = buildPartyModel(model, roster, configWith({ organisation: { generalBranchMin: 150, committeeMin: 300 } })).summary(model.cityCode)!.organisations;
    const plain = a.summary(model.cityCode)!.organisations;
    expect(sized.community_committee).toBeLessThan(plain.community_committee);
    expect(sized.community_branch).toBeGreaterThan(plain.community_branch);
    expect(plain.building_group).toBe(0); // no building groups when no area type has them
  });
});
