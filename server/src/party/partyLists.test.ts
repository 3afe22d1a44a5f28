import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseListItem } from '../../../shared/src/api/cases.js';
import type { PartyCommunitiesResponse, PartyGridsResponse, PartyPartsResponse } from '../../../shared/src/api/party.js';
import type { Case } from '../../../shared/src/cases/caseModel.js';
import { PARTY_HANDLER_SHARE } from '../sim/simProfile.js';
import type { ApiClient, Json } from '../testing/http.js';
import { parseCsv } from '../testing/parseCsv.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

/** Monday 2026-12-07 10:00, Beijing time: a day of simulated history before it. */
const NOW = Date.parse('2026-12-07T10:00:00+08:00');
const JINSHUI = '410105';
const ZHONGYUAN = '410102';
/** 金水区 杜岭街道 */
const DULING = '410105004';

describe('党建引领 for the desk and the tablet: the history’s handler flag, GET /api/cases?party=, the lists behind the figures, the export columns', () => {
  let server: TestServer;
  let cases: Case[];
  let jinshui: ApiClient;
  const get = async (client: ApiClient, path: string): Promise<Json> => {
    const res = await client.get(path);
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body;
  };
  /** Every page of a case list. */
  const allPages = async (client: ApiClient, query: string): Promise<CaseListItem[]> => {
    const out: CaseListItem[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await get(client, `/api/cases?${query}&limit=500&offset=${offset}`);
      out.push(...page.items);
      if (page.items.length < 500) return out;
    }
  };

  beforeAll(async () => {
    server = await startTestServer({ clock: { now: () => NOW }, scheduler: { every: () => () => {} }, historyDays: 1 });
    cases = [];
    await server.store.scan(5_000, (batch) => cases.push(...batch));
    jinshui = await server.as('analyst', JINSHUI);
  });
  afterAll(async () => server?.close());

  it('writes history whose handlings were done by party members at the simulator’s rate, and none before a handling', () => {
    const handled = cases.filter((c) => c.times.handled !== null);
    // A rework clears the handling time but keeps the last handling's flag: only cases never handled are unflagged for sure.
    const never = cases.filter((c) => c.times.handled === null && c.reworks === 0);
    expect(handled.length).toBeGreaterThan(2_000);
    expect(never.length).toBeGreaterThan(0);
    const share = handled.filter((c) => c.handlerIsPartyMember).length / handled.length;
    // ~5,000 handlings: a binomial share's standard deviation is ~0.006, so ±0.03 is five of them.
    expect(share).toBeGreaterThan(PARTY_HANDLER_SHARE - 0.03);
    expect(share).toBeLessThan(PARTY_HANDLER_SHARE + 0.03);
    expect(never.some((c) => c.handlerIsPartyMember)).toBe(false);
  });

  it('filters the case list by party=reported|handled, cut to the caller’s area, equal to a count over the store', async () => {
    for (const party of ['reported', 'handled'] as const) {
      const flag = (c: Case) => (party === 'reported' ? c.reporterIsPartyMember : c.handlerIsPartyMember);
      const expected = cases.filter((c) => c.area.district === JINSHUI && flag(c)).map((c) => c.id).sort();
      expect(expected.length).toBeGreaterThan(10);
      const list = await allPages(jinshui, `period=7d&party=${party}`);
      expect(list.map((c) => c.id).sort()).toEqual(expected);
      expect(list.every((c) => flag(c) && c.area.district === JINSHUI)).toBe(true);
      // The KPIs and the breakdown take the same filter: the received count is the list's total.
      const kpis = await get(jinshui, `/api/kpis?period=7d&party=${party}`);
      expect(kpis.counts.received).toBe(expected.length);
      expect(kpis.cases.received).toContain(`party=${party}`);
    }
    expect((await jinshui.get(`/api/cases?area=${ZHONGYUAN}&party=handled`)).status).toBe(403);
    const bad = await jinshui.get('/api/cases?party=yes');
    expect([bad.status, bad.body.error.field]).toEqual([400, 'party']);
  });

  it('lists the grid cells behind coverage by their own organisation, scoped, and those without one are the coverage’s gap', async () => {
    const summary = ((await get(jinshui, '/api/party?parts=summary')) as PartyPartsResponse).summary!;
    const all = (await get(jinshui, '/api/party/grids?limit=500')) as PartyGridsResponse;
    expect(all.area.code).toBe(JINSHUI);
    expect(all.total).toBe(summary.coverage.grids);
    const totals: Record<string, number> = {};
    for (const organisation of ['none', 'grid_branch', 'grid_group']) {
      const page = (await get(jinshui, `/api/party/grids?organisation=${organisation}&limit=500`)) as PartyGridsResponse;
      totals[organisation] = page.total;
      expect(page.items.every((g) => g.organisation === (organisation === 'none' ? null : organisation) && g.code.startsWith(JINSHUI))).toBe(true);
    }
    expect(totals.none).toBe(summary.coverage.grids - summary.coverage.gridsWithOrganisation);
    expect(totals.none! + totals.grid_branch! + totals.grid_group!).toBe(all.total);
    const first = all.items[0]!;
    const model = server.party.grids(first.code)[0]!;
    expect(first).toMatchObject({ name: server.model.node(first.code)!.name, members: model.members, community: { code: first.code.slice(0, 12) } });
    expect(first.leading.name).toMatch(/党/);
    expect((await jinshui.get(`/api/party/grids?area=${ZHONGYUAN}`)).status).toBe(403);
    const bad = await jinshui.get('/api/party/grids?organisation=club');
    expect([bad.status, bad.body.error.field]).toEqual([400, 'organisation']);
  });

  it('lists the communities behind 五星支部 by stars earned, most first, the spread and the five-star count as in the summary', async () => {
    const summary = ((await get(jinshui, `/api/party?area=${DULING}&parts=summary`)) as PartyPartsResponse).summary!;
    const all = (await get(jinshui, `/api/party/communities?area=${DULING}&limit=500`)) as PartyCommunitiesResponse;
    expect(all.total).toBe(summary.ratings.communities);
    expect(all.items.map((c) => c.earned)).toEqual([...all.items.map((c) => c.earned)].sort((a, b) => b - a));
    const most = summary.ratings.spread.length - 1;
    for (let stars = 0; stars <= most; stars++) {
      const page = (await get(jinshui, `/api/party/communities?area=${DULING}&stars=${stars}`)) as PartyCommunitiesResponse;
      expect(page.total, `${stars} stars`).toBe(summary.ratings.spread[stars]);
      expect(page.items.every((c) => c.earned === stars && c.community.startsWith(DULING))).toBe(true);
    }
    expect((await jinshui.get(`/api/party/communities?area=${ZHONGYUAN}`)).status).toBe(403);
    const bad = await jinshui.get(`/api/party/communities?stars=${most + 1}`);
    expect([bad.status, bad.body.error.field]).toEqual([400, 'stars']);
  });

  it('exports the party flags as 党员上报 / 党员处置 (是/否) in the CSV and the workbook, read back equal to the cases', async () => {
    const query = `area=${JINSHUI}&period=7d`;
    const list = await allPages(jinshui, query);
    expect(list.some((c) => c.handlerIsPartyMember) && list.some((c) => !c.handlerIsPartyMember)).toBe(true);
    const yesNo = (b: boolean) => (b ? '是' : '否');
    const expected = new Map(list.map((c) => [c.id, [yesNo(c.reporterIsPartyMember), yesNo(c.handlerIsPartyMember)]]));

    const csv = await fetch(`${server.url}/api/cases/export.csv?${query}`, { headers: server.api.headers });
    expect(csv.status).toBe(200);
    const [header, ...rows] = parseCsv((await csv.text()).replace(/^\uFEFF/, ''));
    const col = (name: string) => header!.indexOf(name);
    expect(col('党员上报')).toBeGreaterThan(0);
    expect(new Map(rows.map((r) => [r[0]!, [r[col('党员上报')]!, r[col('党员处置')]!]]))).toEqual(expected);

    const xlsx = await fetch(`${server.url}/api/cases/export.xlsx?${query}`, { headers: server.api.headers });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheetRows: unknown[][] = [];
    workbook.worksheets[0]!.eachRow((row) => sheetRows.push((row.values as unknown[]).slice(1)));
    const [, sheetHeader, ...body] = sheetRows;
    const at = (name: string) => sheetHeader!.indexOf(name);
    expect(new Map(body.map((r) => [String(r[0]), [r[at('党员上报')], r[at('党员处置')]]]))).toEqual(expected);

    const filtered = await fetch(`${server.url}/api/cases/export.xlsx?${query}&party=handled`, { headers: server.api.headers });
    const heading = new ExcelJS.Workbook();
    await heading.xlsx.load(await filtered.arrayBuffer());
    expect(String(heading.worksheets[0]!.getRow(1).getCell(1).value)).toContain('党员处置');
  });
});
