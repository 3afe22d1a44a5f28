import { generateBuildings } from '../city/buildings.js';
import type { CityModel } from '../city/cityModel.js';
import type { AreaNode } from '../city/model.js';
import { toLonLat } from '../city/topology.js';
import type { Roster } from '../staff/roster.js';
import { createRandom } from '../util/prng.js';
import { DEFAULT_PARTY_CONFIG, type PartyConfig } from './partyConfig.js';
import { ORG_KINDS, PartyModel, type OrgKind } from './partyModel.js';
import { placeCentres } from './serviceCentres.js';

// The party organisation's generation from the city model and the roster; the model and its
// queries are in partyModel.ts, every number chosen in partyConfig.ts.

const KIND = Object.fromEntries(ORG_KINDS.map((k, i) => [k, i])) as Record<OrgKind, number>;

/** Builds the model: same city, roster, configuration and seed, same organisation (one random stream per community). */
export function buildPartyModel(model: CityModel, roster: Roster, config: PartyConfig = DEFAULT_PARTY_CONFIG, seed = 'zhengzhou'): PartyModel {
  const grids = roster.gridCount;
  const held = new Uint16Array(grids);
  const inService = new Uint16Array(grids);
  const reported = new Uint16Array(grids);
  const volunteers = new Uint16Array(grids);
  const buildingGroups = new Uint16Array(grids);
  const gridKind = new Uint8Array(grids);
  for (const w of roster.workers) if (roster.kindAt(w.index) === 'party_volunteer') volunteers[roster.homeGridOf(w.index)]!++;

  const { organisation: o, members: m } = config;
  const communities = model.nodesAt('community').sort(byCode);
  const communityKind = new Uint8Array(communities.length);
  communities.forEach((community, ci) => {
    const random = createRandom(`${seed}:party:${community.code}`);
    const vary = () => 1 + m.variation * (2 * random() - 1);
    const roundRandom = (x: number) => Math.floor(x) + (random() < x - Math.floor(x) ? 1 : 0);
    const cells = model.children(community.code).slice().sort(byCode);
    let total = 0;
    for (const grid of cells) {
      const g = roster.indexOfGrid(grid.code);
      const living = Math.round(grid.population * m.shareOfPopulation[grid.areaType] * vary());
      // The roster's 党员骨干 are members held here, whatever the draw says.
      const own = Math.max(volunteers[g]!, Math.min(living, Math.round(living * m.heldInCommunity[grid.areaType] * vary())));
      held[g] = own;
      inService[g] = Math.max(0, living - own);
      reported[g] = roundRandom(inService[g]! * m.reportedShare);
      total += own;
    }
    // Below branchMin a community still gets a 党支部 (in practice a joint branch with a neighbour).
    const kind: OrgKind = total >= o.committeeMin ? 'community_committee' : total >= o.generalBranchMin ? 'community_general_branch' : 'community_branch';
    communityKind[ci] = KIND[kind];
    for (const grid of cells) {
      const g = roster.indexOfGrid(grid.code);
      if (held[g]! < o.gridGroupMin) continue; // led by the community's organisation directly
      // A 党支部 has no branches under it: its grids get 党小组.
      const branch = kind !== 'community_branch' && held[g]! >= o.branchMin;
      gridKind[g] = KIND[branch ? 'grid_branch' : 'grid_group'];
      if (branch && o.buildingGroupAreaTypes.includes(grid.areaType)) {
        const byMembers = Math.floor((held[g]! + reported[g]!) / o.buildingGroupMin);
        buildingGroups[g] = byMembers === 0 ? 0 : Math.min(byMembers, countBuildings(model, grid));
      }
    }
  });

  const streets = model.nodesAt('street').sort(byCode);
  // Towns (镇, 乡) have a 党委; streets and the zones' offices (街道, 办事处, 管委会) a 党工委.
  const streetKind = Uint8Array.from(streets, (s) => KIND[/[镇乡]$/.test(s.name) ? 'township_committee' : 'street_working_committee']);
  return new PartyModel({
    config,
    seed,
    model,
    roster,
    held,
    inService,
    reported,
    volunteers,
    buildingGroups,
    gridKind,
    communityCodes: communities.map((c) => c.code),
    communityKind,
    streetCodes: streets.map((s) => s.code),
    streetKind,
    centres: placeCentres(model, config.centres),
  });
}

/** Buildings of a grid cell as shared/src/city/buildings.ts generates them on request: counted, not kept. */
function countBuildings(model: CityModel, grid: AreaNode): number {
  const shape = model.geometry(grid.code);
  if (!shape) throw new Error(`grid ${grid.code} has no geometry`);
  return generateBuildings(grid, shape.map((poly) => poly.map((ring) => ring.map((p) => toLonLat(model.file.transform, p))))).length;
}

const byCode = (a: AreaNode, b: AreaNode) => (a.code < b.code ? -1 : 1);
