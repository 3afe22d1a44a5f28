import { CENTRE_KIND_LETTERS, GRID_ORG_LETTERS, type PartyCentresPart, type PartyGridCoveragePart } from '../../../shared/src/api/party.js';
import type { GridPartyFigures } from '../../../shared/src/party/partyModel.js';
import type { ServiceCentre } from '../../../shared/src/party/serviceCentres.js';

/** 党群服务中心 as columns: a name (unless `named` is false), a kind letter and two coordinates each (the layer needs no more). */
export function centresPart(centres: readonly ServiceCentre[], named: boolean): PartyCentresPart {
  const positions = new Array<number>(centres.length * 2);
  centres.forEach((c, i) => {
    positions[2 * i] = c.position[0];
    positions[2 * i + 1] = c.position[1];
  });
  return { names: named ? centres.map((c) => c.name) : null, kinds: centres.map((c) => CENTRE_KIND_LETTERS[c.kind]).join(''), positions };
}

/** Each grid cell's own organisation (a letter) and members, as columns. */
export function gridCoveragePart(grids: readonly GridPartyFigures[]): PartyGridCoveragePart {
  return {
    codes: grids.map((g) => g.code),
    organisation: grids.map((g) => GRID_ORG_LETTERS[g.organisation ?? 'none']).join(''),
    members: grids.map((g) => g.members),
  };
}
