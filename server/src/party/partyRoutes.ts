import { Router } from 'express';
import { z } from 'zod';
import { withinScope } from '../../../shared/src/access/principal.js';
import { PARTY_PARTS, type CommunityRating, type PartyMembersResponse, type PartyPart, type PartyPartsResponse, type PartyResponse } from '../../../shared/src/api/party.js';
import { centresPart, gridCoveragePart } from './partyParts.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { checkAreaCode, levelOfCode } from '../../../shared/src/city/codes.js';
import { LEVELS } from '../../../shared/src/city/levels.js';
import { checkRecordedStars, maxStars, starSetOf } from '../../../shared/src/party/fiveStars.js';
import type { PartyModel } from '../../../shared/src/party/partyModel.js';
import { maskName, maskPhone, type Roster } from '../../../shared/src/staff/roster.js';
import type { AuthService } from '../auth/authService.js';
import { clientIp, principalOf, requireCapability } from '../auth/authMiddleware.js';
import { outsideArea, scopedArea } from '../auth/scope.js';
import type { Clock } from '../cases/caseIngest.js';
import { HttpError, parseOr400 } from '../http/errors.js';
import type { LiveState } from '../live/liveState.js';
import type { StaffState } from '../staff/staffState.js';
import type { CaseStore } from '../store/caseStore.js';
import { PartyRatingStore } from './partyRatingStore.js';
import { PartyRatings, ratingYear } from './partyRatings.js';
import { pageFields } from '../http/pageQuery.js';
import { partyListRoutes } from './partyLists.js';

const MAX_LIMIT = 500;

const PartyQuery = z.strictObject({ area: z.string().optional(), parts: z.string().optional() });

/** `?parts=summary,centres`: the parts asked for (each once, known), or null for the whole answer. */
function parseParts(raw: string | undefined): Set<PartyPart> | null {
  if (raw === undefined) return null;
  const names = raw.split(',').map((n) => n.trim());
  const unknown = names.find((n) => !(PARTY_PARTS as readonly string[]).includes(n));
  if (unknown !== undefined) throw new HttpError(400, `parts: unknown part ${JSON.stringify(unknown)}; parts: ${PARTY_PARTS.join(', ')} (comma-separated)`, 'parts');
  return new Set(names as PartyPart[]);
}
const MembersQuery = z.strictObject({
  area: z.string().optional(),
  ...pageFields(MAX_LIMIT),
});
/** PUT /api/party/ratings/:community: the recorded stars earned this year (keys), all of them each time. */
const RatingRecord = z.strictObject({
  stars: z.array(z.string({ error: 'must be a star key' }), { error: 'stars must be a list of star keys' }).max(10, 'lists at most 10 stars'),
  note: z.string().trim().max(200, 'must be at most 200 characters').optional(),
});

export interface PartyRouteDeps {
  model: CityModel;
  party: PartyModel;
  roster: Roster;
  staff: StaffState;
  state: LiveState;
  store: CaseStore;
  auth: AuthService;
  clock: Clock;
}

/** 党建引领: an area's party organisation, its members (masked) and its communities' 五星支部 ratings. */
export function partyRoutes({ model, party, roster, staff, state, store, auth, clock }: PartyRouteDeps): Router {
  const router = Router();
  const recorded = new PartyRatingStore(store.sql);
  const ratings = new PartyRatings({ model, party, store, state, recorded, clock });
  router.use(partyListRoutes({ model, party, ratings }));

  /** The figures every form of the answer reads: the model's sums, the roster's people on duty now, the year's ratings. */
  const figuresOf = async (code: string) => {
    const summary = party.summary(code)!;
    staff.sync(clock.now()); // on-duty states as of now
    const volunteers = { total: 0, onDuty: 0 };
    const cadres = { total: 0, onDuty: 0, gridsWithCadre: 0 };
    const [from, to] = roster.workerRange(code)!;
    let lastCadreGrid = -1;
    for (let i = from; i < to; i++) {
      const kind = roster.kindAt(i);
      const counter = kind === 'party_volunteer' ? volunteers : kind === 'cadre' ? cadres : null;
      if (!counter) continue;
      counter.total++;
      if (staff.isOnDuty(i)) counter.onDuty++;
      if (kind === 'cadre' && roster.homeGridOf(i) !== lastCadreGrid) {
        cadres.gridsWithCadre++;
        lastCadreGrid = roster.homeGridOf(i); // workers are ordered by home grid
      }
    }
    const [rated, cases] = await Promise.all([ratings.inArea(code), ratings.partyCases(code)]);
    const spread = new Array<number>(maxStars(party.config) + 1).fill(0);
    const byStar: Record<string, number> = {};
    let allStars = 0;
    for (const c of rated.communities) {
      spread[c.earned]!++;
      if (c.earned === c.stars.length) allStars++;
      for (const s of c.stars) byStar[s.key] = (byStar[s.key] ?? 0) + (s.earned ? 1 : 0);
    }
    const coverage = { grids: summary.grids, gridsWithOrganisation: summary.gridsWithOrganisation, rate: summary.grids > 0 ? summary.gridsWithOrganisation / summary.grids : null };
    return { summary, coverage, volunteers, cadres, rated, cases, spread, byStar, allStars };
  };

  router.get('/party', requireCapability('read'), async (req, res) => {
    const q = parseOr400(PartyQuery, req.query);
    const parts = parseParts(q.parts);
    const { code } = scopedArea(model, principalOf(req), q.area);
    const node = model.node(code)!;
    const depth = LEVELS.indexOf(node.level); // 0 city, 1 district, 2 street ...
    const area = { code, name: node.name, level: node.level };
    if (parts) {
      const body: PartyPartsResponse = { area };
      if (parts.has('summary')) {
        const f = await figuresOf(code);
        const perGrid = f.summary.grids > 0 ? f.summary.members.total / f.summary.grids : null;
        body.summary = {
          coverage: f.coverage,
          members: { total: f.summary.members.total, reported: f.summary.members.reported, perGrid },
          volunteers: f.volunteers,
          cadres: f.cadres,
          ratings: { year: f.rated.year, communities: f.rated.communities.length, allStars: f.allStars, spread: f.spread },
          cases: f.cases,
        };
      }
      if (parts.has('centres')) body.centres = centresPart(party.centresIn(code), depth >= 1);
      if (parts.has('gridCoverage')) body.gridCoverage = depth >= 1 ? gridCoveragePart(party.grids(code)) : null;
      res.json(body);
      return;
    }
    const f = await figuresOf(code);
    const starsOf = (set: 'community' | 'village') => party.config.ratings[set].map((s) => ({ key: s.key, name: s.name, source: s.source }));
    const body: PartyResponse = {
      area,
      chain: party.chain(code),
      coverage: f.coverage,
      organisations: f.summary.organisations,
      members: { ...f.summary.members, perGrid: f.summary.grids > 0 ? f.summary.members.total / f.summary.grids : null },
      volunteers: f.volunteers,
      cadres: f.cadres,
      children: model.children(code).map((child) => {
        const figures = party.summary(child.code)!;
        const organisation = child.level === 'grid' ? party.leadingOrganisation(child.code) : party.organisation(child.code);
        return { code: child.code, name: child.name, organisation: organisation?.kind ?? null, grids: figures.grids, gridsWithOrganisation: figures.gridsWithOrganisation, members: figures.members.total, reported: figures.members.reported };
      }),
      grids: depth >= 1 ? party.grids(code) : null,
      serviceCentres: party.centresIn(code),
      cases: f.cases,
      ratings: {
        year: f.rated.year,
        stars: { community: starsOf('community'), village: starsOf('village') },
        spread: f.spread,
        byStar: f.byStar,
        allStars: f.allStars,
        communities: depth >= 2 ? f.rated.communities : null,
      },
    };
    res.json(body);
  });

  router.get('/party/members', requireCapability('read'), (req, res) => {
    const q = parseOr400(MembersQuery, req.query);
    const { code } = scopedArea(model, principalOf(req), q.area);
    const node = model.node(code)!;
    const page = party.members(code, q.offset, q.limit);
    const body: PartyMembersResponse = {
      area: { code, name: node.name, level: node.level },
      total: page.total,
      items: page.items.map((m) => ({ ...m, name: maskName(m.name), phone: maskPhone(m.phone) })),
    };
    res.json(body);
  });

  router.put('/party/ratings/:community', requireCapability('administer'), async (req, res) => {
    const principal = principalOf(req);
    const code = String(req.params.community);
    const check = checkAreaCode(code);
    if (!check.ok) throw new HttpError(400, check.reason, 'community');
    if (levelOfCode(code) !== 'community') throw new HttpError(400, `community: ${code} is not a community (社区/村) code: expected 12 digits`, 'community');
    if (!withinScope(code, principal.scope, model.cityCode)) throw outsideArea(code, principal.scope, 'community');
    const node = model.node(code);
    if (!node) throw new HttpError(404, `community ${code} not found`, 'community');
    const input = parseOr400(RatingRecord, req.body);
    const stars = checkRecordedStars(party.config, starSetOf(node), input.stars);
    if (!stars.ok) throw new HttpError(400, `stars.${stars.index}: ${stars.message}`, `stars.${stars.index}`);
    const { year } = ratingYear(clock.now());
    const before = await recorded.record({ community: code, year, stars: input.stars, note: input.note || null, recordedBy: principal.username, recordedAt: clock.now() });
    await auth.audit(principal, clientIp(req), { action: 'party:rating', outcome: 'ok', target: code, area: code, detail: { year, stars: input.stars, before: before?.stars ?? null } });
    const rating: CommunityRating = (await ratings.inArea(code)).communities[0]!;
    res.json({ year, rating });
  });

  return router;
}
