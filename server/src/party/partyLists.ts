import { Router } from 'express';
import { z } from 'zod';
import { GRID_ORGANISATION_FILTERS, type PartyCommunitiesResponse, type PartyGridItem, type PartyGridsResponse } from '../../../shared/src/api/party.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { maxStars } from '../../../shared/src/party/fiveStars.js';
import type { PartyModel } from '../../../shared/src/party/partyModel.js';
import { principalOf, requireCapability } from '../auth/authMiddleware.js';
import { scopedArea } from '../auth/scope.js';
import { parseOr400 } from '../http/errors.js';
import { pageFields } from '../http/pageQuery.js';
import type { PartyRatings } from './partyRatings.js';

/** A page of a list behind a figure: a city holds ~16,600 grid cells and ~3,300 communities. */
const MAX_LIMIT = 500;

const GridsQuery = z.strictObject({
  area: z.string().optional(),
  organisation: z.enum(GRID_ORGANISATION_FILTERS, { error: `organisation must be one of ${GRID_ORGANISATION_FILTERS.join(', ')}` }).optional(),
  ...pageFields(MAX_LIMIT),
});

const CommunitiesQuery = (most: number) =>
  z.strictObject({
    area: z.string().optional(),
    stars: z.coerce.number({ error: 'stars must be a number' }).int('stars must be an integer').min(0, 'stars must be at least 0').max(most, `stars must be at most ${most}`).optional(),
    ...pageFields(MAX_LIMIT),
  });

/**
 * The lists behind the 党建引领 figures, for a screen that clicks through, cut to the caller's
 * area like GET /api/party: the grid cells by their own organisation (coverage: `organisation=none`
 * lists those led by their community's), and the communities by the stars they earned this year.
 */
export function partyListRoutes({ model, party, ratings }: { model: CityModel; party: PartyModel; ratings: PartyRatings }): Router {
  const router = Router();

  router.get('/party/grids', requireCapability('read'), (req, res) => {
    const q = parseOr400(GridsQuery, req.query);
    const { code } = scopedArea(model, principalOf(req), q.area);
    const node = model.node(code)!;
    const wanted = q.organisation === 'none' ? null : q.organisation;
    const grids = party.grids(code).filter((g) => q.organisation === undefined || g.organisation === wanted);
    const items = grids.slice(q.offset, q.offset + q.limit).map((g): PartyGridItem => {
      const community = g.code.slice(0, 12);
      const leading = party.leadingOrganisation(g.code);
      return {
        code: g.code,
        name: model.node(g.code)?.name ?? g.code,
        community: { code: community, name: model.node(community)?.name ?? community },
        organisation: g.organisation,
        leading: { kind: leading.kind, name: leading.name },
        members: g.members,
      };
    });
    const body: PartyGridsResponse = { area: { code, name: node.name, level: node.level }, total: grids.length, items };
    res.json(body);
  });

  router.get('/party/communities', requireCapability('read'), async (req, res) => {
    const q = parseOr400(CommunitiesQuery(maxStars(party.config)), req.query);
    const { code } = scopedArea(model, principalOf(req), q.area);
    const node = model.node(code)!;
    const rated = await ratings.inArea(code);
    const list = rated.communities.filter((c) => q.stars === undefined || c.earned === q.stars).sort((a, b) => b.earned - a.earned || (a.community < b.community ? -1 : 1));
    const body: PartyCommunitiesResponse = { area: { code, name: node.name, level: node.level }, year: rated.year, total: list.length, items: list.slice(q.offset, q.offset + q.limit) };
    res.json(body);
  });

  return router;
}
