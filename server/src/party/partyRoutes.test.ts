import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PartyMembersResponse, PartyResponse } from '../../../shared/src/api/party.js';
import type { AreaRef, Case } from '../../../shared/src/cases/caseModel.js';
import type { ApiClient, Json } from '../testing/http.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { makeCase } from '../store/caseFixtures.js';
import { formatShanghai } from '../store/caseRow.js';
import { RATING_COUNTS_TTL_MS } from './partyRatings.js';

/** Wednesday 2026-11-25 15:00 in Beijing: the rating year is 2026, and some cadres' 下沉日 (14:30–17:30) is on. */
const NOW = Date.parse('2026-11-25T15:00:00+08:00');
let now = NOW;
const HOUR = 3_600_000;
const JINSHUI = '410105';
const GUANCHENG = '410104';
/** 翠花社区 (2,037 households), 杜岭中街社区 (2,994) and 平等街社区 (1,987, 管城区). */
const CUIHUA = '410105007007';
const DULING = '410105004007';
const PINGDENG = '410104002002';

const areaOf = (community: string): AreaRef => ({ district: community.slice(0, 6), street: community.slice(0, 9), community, grid: `${community}001` });

describe('党建引领: GET /api/party, /api/party/members, PUT /api/party/ratings (real server on port 0)', () => {
  let server: TestServer;
  let jinshui: ApiClient;
  const put = (client: ApiClient, community: string, body: unknown) =>
    fetch(`${server.url}/api/party/ratings/${community}`, { method: 'PUT', headers: { ...client.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as Json }));

  beforeAll(async () => {
    server = await startTestServer({ clock: { now: () => now }, scheduler: { every: () => () => {} } });
    jinshui = await server.as('analyst', JINSHUI);
    let n = 0;
    const at = (ms: number) => formatShanghai(ms);
    const make = (community: string, count: number, over: Partial<Case>) =>
      Array.from({ length: count }, () => makeCase(`P${String(n++).padStart(25, '0')}`, NOW - 30 * 24 * HOUR, { area: areaOf(community), ...over }));
    const closedOnTime = { status: 'closed' as const, deadline: at(NOW - 20 * 24 * HOUR), times: { reported: at(NOW - 30 * 24 * HOUR), registered: null, dispatched: null, accepted: null, handled: null, verified: null, closed: at(NOW - 25 * 24 * HOUR) } };
    const cases = [
      // 翠花: 12 cases due this year, all closed on time; no dispute, nothing overdue
      ...make(CUIHUA, 12, closedOnTime),
      // 杜岭中街: 4 open past their deadline (1.34 per 1,000 households, over the 1.0 allowed)
      ...make(DULING, 4, { status: 'accepted', deadline: at(NOW - 2 * HOUR) }),
      // 平等街: 150 disputes this year (≈ 84 a year per 1,000 households, over the 50 allowed), all closed on time
      ...make(PINGDENG, 150, { ...closedOnTime, category: 'MD', subcategory: 'MD01' }),
    ];
    await server.store.insert(cases);
    server.state.apply(cases);
    server.state.advance(NOW);
  });
  afterAll(async () => server.close());

  it('answers a district’s organisation, members, cadres and service centres, equal to a count over the model', async () => {
    const { status, body } = await jinshui.get('/api/party');
    expect(status).toBe(200);
    const party = body as PartyResponse;
    const { model, roster, staff } = server;
    const grids = model.nodesAt('grid').filter((g) => g.code.startsWith(JINSHUI));
    const communities = model.nodesAt('community').filter((c) => c.code.startsWith(JINSHUI));
    const streets = model.nodesAt('street').filter((s) => s.code.startsWith(JINSHUI));
    expect(party.area).toEqual({ code: JINSHUI, name: '金水区', level: 'district' });
    expect(party.chain).toEqual([]);
    expect(party.coverage).toEqual({ grids: grids.length, gridsWithOrganisation: grids.filter((g) => server.party.organisation(g.code)).length, rate: 1 });
    expect(party.grids!.map((g) => g.code)).toEqual(grids.map((g) => g.code).sort());
    expect(party.members.total).toBe(party.grids!.reduce((n, g) => n + g.members, 0));
    expect(party.members.reported).toBe(party.grids!.reduce((n, g) => n + g.reported, 0));
    expect(party.members.perGrid).toBeCloseTo(party.members.total / grids.length);
    expect(party.organisations.community_committee + party.organisations.community_general_branch + party.organisations.community_branch).toBe(communities.length);
    expect(party.organisations.street_working_committee + party.organisations.township_committee).toBe(streets.length);
    expect(party.organisations.grid_branch + party.organisations.grid_group).toBe(grids.length);
    expect(party.organisations.building_group).toBe(party.grids!.reduce((n, g) => n + g.buildingGroups, 0));
    expect(party.children.map((c) => c.code)).toEqual(streets.map((s) => s.code).sort());
    expect(party.children.reduce((n, c) => n + c.members, 0)).toBe(party.members.total);
    expect(party.children.reduce((n, c) => n + c.reported, 0)).toBe(party.members.reported);

    const cadres = roster.workers.filter((w) => w.kind === 'cadre' && w.district === JINSHUI);
    expect(party.cadres).toEqual({ total: cadres.length, onDuty: cadres.filter((w) => staff.isOnDuty(w.index)).length, gridsWithCadre: new Set(cadres.map((w) => w.grids[0])).size });
    expect(party.cadres.onDuty).toBeGreaterThan(0);
    expect(party.volunteers.total).toBe(roster.countsFor(JINSHUI)!.byKind.party_volunteer);

    expect(party.serviceCentres).toHaveLength(streets.length + communities.length + 1); // + 杜岭街道商圈党群服务中心
    expect(party.serviceCentres.every((c) => c.area.startsWith(JINSHUI))).toBe(true);
    expect(party.serviceCentres.find((c) => c.name === '杜岭街道商圈党群服务中心')).toMatchObject({ area: '410105004', kind: 'other', named: true });

    expect(party.ratings.year).toBe(2026);
    expect(party.ratings.communities).toBeNull(); // per street and below
    expect(party.ratings.spread).toHaveLength(6);
    expect(party.ratings.spread.reduce((a, b) => a + b, 0)).toBe(communities.length);
    expect(party.ratings.stars.community.map((s) => s.name)).toEqual(['支部过硬星', '宜业兴业星', '平安法治星', '共建共享星', '幸福和谐星']);
  });

  it('answers a grid cell with its chain up to the street, and the city without per-grid lists', async () => {
    const grid = `${CUIHUA}001`;
    const party = (await jinshui.get(`/api/party?area=${grid}`)).body as PartyResponse;
    expect(party.chain.map((o) => [o.code, o.level])).toEqual([
      ['410105007', 'street'],
      [CUIHUA, 'community'],
      [grid, 'grid'],
    ]);
    expect(party.chain[0]!.name).toBe('南阳新村街道党工委');
    expect(party.coverage).toEqual({ grids: 1, gridsWithOrganisation: 1, rate: 1 });
    expect(party.serviceCentres.map((c) => c.name)).toEqual(['翠花社区党群服务中心']);
    expect(party.ratings.communities!.map((c) => c.community)).toEqual([CUIHUA]);

    const city = (await server.api.get('/api/party')).body as PartyResponse;
    expect(city.grids).toBeNull();
    expect(city.coverage.grids).toBe(server.model.nodesAt('grid').length);
    expect(city.members.total).toBe(server.party.summary(server.model.cityCode)!.members.total);
    expect(city.serviceCentres).toHaveLength(server.party.centres.length);
  });

  it('derives 平安法治 and 幸福和谐 from the year’s cases and today’s overdue ones', async () => {
    const rating = async (community: string) => ((await server.api.get(`/api/party?area=${community}`)).body as PartyResponse).ratings.communities![0]!;
    const star = (r: Json, key: string) => r.stars.find((s: Json) => s.key === key);
    const cuihua = await rating(CUIHUA);
    expect(cuihua.set).toBe('community');
    expect(cuihua.stars.filter((s) => s.earned).map((s) => s.key)).toEqual(['safety', 'harmony']);
    expect(star(cuihua, 'harmony').figures).toEqual({ onTimeRate: 1 });
    expect(cuihua.recorded).toBeNull();

    const duling = await rating(DULING);
    expect(star(duling, 'safety')).toMatchObject({ earned: false, figures: { disputesPer1000Households: 0, overduePer1000Households: expect.closeTo(4 / 2.994, 3) } });
    expect(star(duling, 'harmony')).toMatchObject({ earned: false, figures: { onTimeRate: null } }); // 4 due: too few to judge

    const pingdeng = await rating(PINGDENG);
    expect(star(pingdeng, 'safety').earned).toBe(false);
    expect(star(pingdeng, 'safety').figures.disputesPer1000Households).toBeGreaterThan(80);
    expect(star(pingdeng, 'harmony').earned).toBe(true);

    const street = (await server.api.get('/api/party?area=410105007')).body as PartyResponse;
    expect(street.ratings.communities).toHaveLength(server.model.children('410105007').length);
    // 双报到 per community: the reported 在职党员 of its grids
    const cuihuaChild = street.children.find((c) => c.code === CUIHUA)!;
    const cuihuaGrids = street.grids!.filter((g) => g.code.startsWith(CUIHUA));
    expect(cuihuaChild).toMatchObject({ name: '翠花社区', grids: cuihuaGrids.length, reported: cuihuaGrids.reduce((n, g) => n + g.reported, 0), members: cuihuaGrids.reduce((n, g) => n + g.members, 0) });
    expect(cuihuaChild.organisation).toBe(server.party.organisation(CUIHUA)!.kind);
    expect(street.ratings.spread.reduce((a, b) => a + b, 0)).toBe(street.ratings.communities!.length);
    expect(street.ratings.byStar.harmony).toBe(street.ratings.communities!.filter((c) => star(c, 'harmony').earned).length);
  });

  it('recounts the year’s cases once the counted figures are older than RATING_COUNTS_TTL_MS', async () => {
    const onTime = async () => ((await server.api.get(`/api/party?area=${CUIHUA}`)).body as PartyResponse).ratings.communities![0]!.stars.find((s) => s.key === 'harmony')!.figures!.onTimeRate;
    expect(await onTime()).toBe(1);
    // a 13th case due this year, closed a day late
    const late = makeCase(`P${'9'.repeat(25)}`, NOW - 10 * 24 * HOUR, { area: areaOf(CUIHUA), status: 'closed', deadline: formatShanghai(NOW - 5 * 24 * HOUR), times: { reported: formatShanghai(NOW - 10 * 24 * HOUR), registered: null, dispatched: null, accepted: null, handled: null, verified: null, closed: formatShanghai(NOW - 4 * 24 * HOUR) } });
    await server.store.insert([late]);
    server.state.apply([late]);
    expect(await onTime()).toBe(1);
    now = NOW + RATING_COUNTS_TTL_MS;
    try {
      expect(await onTime()).toBeCloseTo(12 / 13, 4);
    } finally {
      now = NOW;
    }
  });

  it('never shows another district’s members to a district account, and masks every name and phone', async () => {
    const total = server.party.summary(JINSHUI)!.members.total;
    for (const offset of [0, Math.floor(total / 2), total - 200]) {
      const { status, body } = await jinshui.get(`/api/party/members?limit=500&offset=${offset}`);
      expect(status).toBe(200);
      const page = body as PartyMembersResponse;
      expect(page.area.code).toBe(JINSHUI);
      expect(page.total).toBe(total);
      expect(page.items.length).toBe(Math.min(500, total - offset));
      expect(page.items.every((m) => m.grid.startsWith(JINSHUI) && m.id.startsWith(`M${JINSHUI}`))).toBe(true);
      expect(page.items.every((m) => /^.\*+$/u.test(m.name) && /^1\d\d\*{4}\d{4}$/.test(m.phone))).toBe(true);
      expect(JSON.stringify(body)).not.toMatch(/1[3-9]\d{9}/);
    }
    expect((await jinshui.get(`/api/party/members?area=${GUANCHENG}`)).status).toBe(403);
    expect((await jinshui.get(`/api/party/members?area=${PINGDENG}001`)).status).toBe(403);
    expect((await jinshui.get(`/api/party?area=${GUANCHENG}`)).body.error).toMatchObject({ status: 403, field: 'area' });
    // a 党员骨干 is the roster's worker, masked like everyone
    const grid = `${CUIHUA}001`;
    const first = ((await jinshui.get(`/api/party/members?area=${grid}&limit=1`)).body as PartyMembersResponse).items[0]!;
    const volunteer = server.roster.byGrid(grid).find((w) => w.kind === 'party_volunteer')!;
    expect(first).toMatchObject({ workerId: volunteer.id, name: `${volunteer.name[0]}${'*'.repeat(volunteer.name.length - 1)}`, membership: 'community' });
  });

  it('refuses bad queries naming the field', async () => {
    const cases: Array<[string, number, string]> = [
      ['/api/party?area=4101', 400, 'area'],
      ['/api/party?area=410105004007001001', 400, 'area'],
      ['/api/party?area=41010500x', 400, 'area'],
      ['/api/party/members?area=abc', 400, 'area'],
      ['/api/party/members?limit=0', 400, 'limit'],
      ['/api/party/members?limit=501', 400, 'limit'],
      ['/api/party/members?offset=-1', 400, 'offset'],
      ['/api/party?area=410105999', 404, 'area'],
    ];
    for (const [path, status, field] of cases) {
      const res = await jinshui.get(path);
      expect(res.status, path).toBe(status);
      expect(res.body.error.field, path).toBe(field);
      expect(res.body.error.message, path).toContain(field);
    }
    expect((await (await server.as('auditor', JINSHUI)).get('/api/party')).status).toBe(403); // auditors read the audit log only
  });

  it('records stars by an administrator of the area, audited, and refuses bad records naming the field', async () => {
    const admin = await server.as('admin', JINSHUI);
    const ok = await put(admin, CUIHUA, { stars: ['branch', 'sharing'], note: '年度评星' });
    expect(ok.status).toBe(200);
    expect(ok.body.year).toBe(2026);
    expect(ok.body.rating.earned).toBe(4); // two recorded, two derived
    expect(ok.body.rating.recorded).toEqual({ at: formatShanghai(NOW), note: '年度评星' });
    const seen = ((await jinshui.get(`/api/party?area=${CUIHUA}`)).body as PartyResponse).ratings.communities![0]!;
    expect(seen.stars.filter((s) => s.earned).map((s) => s.key)).toEqual(['branch', 'safety', 'sharing', 'harmony']);

    const again = await put(admin, CUIHUA, { stars: ['branch', 'sharing', 'business'] });
    expect(again.body.rating.earned).toBe(5);
    const street = (await jinshui.get('/api/party?area=410105007')).body as PartyResponse;
    expect(street.ratings.allStars).toBe(1);
    expect(street.ratings.spread[5]).toBe(1);

    const audit = (await admin.get('/api/audit?action=party:rating')).body.entries as Json[];
    expect(audit.map((e) => [e.target, e.outcome, e.detail.stars, e.detail.before])).toEqual([
      [CUIHUA, 'ok', ['branch', 'sharing', 'business'], ['branch', 'sharing']],
      [CUIHUA, 'ok', ['branch', 'sharing'], null],
    ]);

    const refused: Array<[ApiClient, string, unknown, number, string]> = [
      [admin, CUIHUA, { stars: ['safety'] }, 400, 'stars.0'],
      [admin, CUIHUA, { stars: ['branch', 'industry'] }, 400, 'stars.1'],
      [admin, CUIHUA, { stars: ['branch', 'branch'] }, 400, 'stars.1'],
      [admin, CUIHUA, { stars: 'branch' }, 400, 'stars'],
      [admin, CUIHUA, { stars: [], extra: 1 }, 400, ''],
      [admin, '41010500700', { stars: [] }, 400, 'community'],
      [admin, '410105007', { stars: [] }, 400, 'community'],
      [admin, '410105007099', { stars: [] }, 404, 'community'],
      [admin, PINGDENG, { stars: [] }, 403, 'community'],
      [jinshui, CUIHUA, { stars: [] }, 403, 'authorization'],
    ];
    for (const [client, community, body, status, field] of refused) {
      const res = await put(client, community, body);
      const label = `${community} ${JSON.stringify(body)}`;
      expect(res.status, label).toBe(status);
      if (field) expect(res.body.error.field, label).toBe(field);
      expect(res.body.error.message, label).toMatch(field.startsWith('stars') ? /^stars/ : /./);
    }
    // a refused record changed nothing
    expect(((await jinshui.get(`/api/party?area=${CUIHUA}`)).body as PartyResponse).ratings.communities![0]!.earned).toBe(5);
  });
});
