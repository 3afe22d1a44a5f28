import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_STATUSES, type Case } from '../../../shared/src/cases/caseModel.js';
import type { CaseListItem } from '../../../shared/src/api/cases.js';
import { SUBCATEGORY_BY_CODE } from '../../../shared/src/cases/categories.js';
import type { ApiClient, Json } from '../testing/http.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { formatShanghai } from '../store/caseRow.js';
import { openSqliteCaseStore } from '../store/sqliteCaseStore.js';
import { AreaResolver } from '../../../shared/src/city/resolver.js';
import { SlaPolicy } from '../../../shared/src/sla/slaPolicy.js';
import { writeHistory } from '../sim/history.js';

const HOUR = 3_600_000;
/** Monday 2026-12-07 10:00, Beijing time: the history is the 24 hours before. */
const NOW = Date.parse('2026-12-07T10:00:00+08:00');
const TODAY = Date.parse('2026-12-07T00:00:00+08:00');
const DISTRICT = '410105'; // 金水区
const OTHER = '410102'; // 中原区

/** Every case in the store, read back from its own scan: the brute-force side of the comparisons. */
async function allCases(server: TestServer): Promise<Case[]> {
  const out: Case[] = [];
  await server.store.scan(5_000, (batch) => out.push(...batch));
  return out;
}

describe('the desk: history, case list, KPIs with the previous period, breakdown, search, XLSX export', () => {
  let server: TestServer;
  let cases: Case[];
  let district: ApiClient;
  const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));

  beforeAll(async () => {
    server = await startTestServer({ clock: { now: () => NOW }, scheduler: { every: () => () => {} }, historyDays: 1 });
    cases = await allCases(server);
    district = await server.as('analyst', DISTRICT);
  });
  afterAll(async () => server?.close());

  const get = async (client: ApiClient, path: string) => {
    const res = await client.get(path);
    expect(res.status, `${path}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
    return res.body as Json;
  };

  it('starts a new store with a day of history at the real volume and rhythm, most of it closed, with escalations and rework', async () => {
    expect(cases.length).toBeGreaterThan(7_000);
    expect(cases.length).toBeLessThan(7_800);
    const reported = cases.map((c) => ms(c.times.reported)!);
    expect(Math.min(...reported)).toBeGreaterThanOrEqual(NOW - 24 * HOUR);
    expect(Math.max(...reported)).toBeLessThan(NOW);
    const inHour = (h: number) => cases.filter((c) => new Date(ms(c.times.reported)! + 8 * HOUR).getUTCHours() === h).length;
    expect(inHour(10)).toBeGreaterThan(5 * inHour(3)); // mid-morning against the small hours
    const settled = cases.filter((c) => ms(c.times.reported)! < NOW - 12 * HOUR);
    expect(settled.filter((c) => c.status === 'closed').length / settled.length).toBeGreaterThan(0.9);
    expect(cases.some((c) => c.status === 'rejected')).toBe(true);
    expect(cases.some((c) => c.reworks > 0)).toBe(true);
    const closed = settled.find((c) => c.status === 'closed' && c.assignee?.startsWith('W'))!;
    const events = await server.store.events(closed.id);
    expect(events.map((e) => e.action)).toEqual(['register', 'dispatch', 'accept', 'handle', 'pass', 'close']);
    expect(events.at(-1)!.at).toBe(closed.times.closed);
    const escalated = await server.store.sql.all<{ n: number }>("SELECT count(*) AS n FROM case_events WHERE action = 'escalate'");
    expect(Number(escalated[0]!.n)).toBeGreaterThan(50);
    // The live state was rebuilt with it: the wall's open count is the store's.
    expect(server.state.openCases).toBe(cases.filter((c) => OPEN_STATUSES.has(c.status)).length);
  });

  it('sorts, pages by offset and filters the case list, with names beside the codes', async () => {
    const q = `area=${DISTRICT}&category=SR,JM&subcategory=SR01,JM04&period=today`;
    const expected = cases.filter((c) => c.area.district === DISTRICT && ['SR01', 'JM04'].includes(c.subcategory) && ms(c.times.reported)! >= TODAY);
    const rank = { simple: 0, normal: 1, prominent: 2, major: 3 } as const;
    expected.sort((a, b) => rank[b.urgency] - rank[a.urgency] || ms(b.times.reported)! - ms(a.times.reported)! || (a.id < b.id ? 1 : -1));
    const pages: CaseListItem[] = [];
    for (let offset = 0; offset < expected.length + 20; offset += 20) {
      const page = await get(server.api, `/api/cases?${q}&sort=urgency&order=desc&limit=20&offset=${offset}`);
      expect(page).toMatchObject({ total: expected.length, offset, limit: 20, nextCursor: null });
      pages.push(...page.items);
    }
    expect(pages.map((c) => c.id)).toEqual(expected.map((c) => c.id));
    const first = pages[0]!;
    const grid = server.model.node(first.area.grid)!;
    expect(first.names).toEqual({
      district: '金水区',
      street: server.model.node(first.area.street)!.name,
      community: server.model.node(first.area.community)!.name,
      grid: grid.name,
      category: first.category === 'SR' ? '市容环境' : '街面秩序',
      subcategory: SUBCATEGORY_BY_CODE.get(first.subcategory)!.name,
      status: expect.any(String),
      urgency: { simple: '简易', normal: '一般', prominent: '突出', major: '重大' }[first.urgency],
      channel: expect.any(String),
    });
    // Deadline ascending: no case without one before a case with one, deadlines never fall.
    const byDeadline = (await get(server.api, `/api/cases?area=${DISTRICT}&sort=deadline&order=asc&limit=500`)).items as CaseListItem[];
    const deadlines = byDeadline.map((c) => ms(c.deadline));
    const firstNull = deadlines.indexOf(null);
    expect(deadlines.slice(firstNull === -1 ? deadlines.length : firstNull).every((d) => d === null)).toBe(true);
    const set = deadlines.filter((d): d is number => d !== null);
    expect(set).toEqual([...set].sort((a, b) => a - b));
    // By area: grid codes never fall; the default order still pages by cursor.
    const byArea = (await get(server.api, `/api/cases?area=${DISTRICT}&sort=area&order=asc&limit=500`)).items as CaseListItem[];
    expect(byArea.map((c) => c.area.grid)).toEqual(byArea.map((c) => c.area.grid).sort());
    const newest = await get(server.api, `/api/cases?area=${DISTRICT}&limit=5`);
    expect(newest.nextCursor).toEqual(expect.any(String));
  });

  it('KPIs of a period come with the previous period, which equals a brute-force count of the stored cases', async () => {
    // Sunday 16:00–20:00 against 12:00–16:00.
    const period = { from: NOW - 18 * HOUR, to: NOW - 14 * HOUR };
    const before = { from: period.from - 4 * HOUR, to: period.from };
    const q = `area=${DISTRICT}&category=SR,MS&urgency=simple,normal&from=${encodeURIComponent(formatShanghai(period.from))}&to=${encodeURIComponent(formatShanghai(period.to))}`;
    const report = await get(server.api, `/api/kpis?${q}`);
    const mine = cases.filter((c) => c.area.district === DISTRICT && ['SR', 'MS'].includes(c.category) && ['simple', 'normal'].includes(c.urgency));
    const count = (p: { from: number; to: number }) => {
      const received = mine.filter((c) => ms(c.times.reported)! >= p.from && ms(c.times.reported)! < p.to);
      const due = mine.filter((c) => c.deadline !== null && ms(c.deadline)! >= p.from && ms(c.deadline)! < p.to);
      return {
        received: received.length,
        registered: received.filter((c) => c.times.registered !== null).length,
        dispatched: received.filter((c) => c.times.dispatched !== null).length,
        due: due.length,
        closed: due.filter((c) => c.times.closed !== null).length,
        closedOnTime: due.filter((c) => c.times.closed !== null && ms(c.times.closed)! <= ms(c.deadline)!).length,
        reworked: due.filter((c) => c.reworks > 0).length,
        extended: due.filter((c) => c.extensions > 0).length,
        overdueAtEnd: mine.filter((c) => c.deadline !== null && ms(c.deadline)! <= p.to && ms(c.times.registered)! <= p.to && (c.times.closed === null || ms(c.times.closed)! > p.to)).length,
      };
    };
    const { overdueAtEnd, ...previous } = count(before);
    expect(previous.received).toBeGreaterThan(50);
    expect(report.previous.counts).toMatchObject({ ...previous, overdueOpen: overdueAtEnd });
    expect(report.previous.period).toEqual({ from: formatShanghai(before.from), to: formatShanghai(before.to) });
    const { overdueAtEnd: _ignored, ...current } = count(period);
    expect(report.counts).toMatchObject(current);
    expect(report.counts.overdueOpen).toBe(mine.filter((c) => OPEN_STATUSES.has(c.status) && c.deadline !== null && ms(c.deadline)! <= NOW).length);
    expect(report.change.received).toEqual({
      current: current.received,
      previous: previous.received,
      delta: current.received - previous.received,
      ratio: (current.received - previous.received) / previous.received,
    });
    // Named periods: today so far against the same length of time just before midnight.
    const today = await get(server.api, `/api/kpis?area=${DISTRICT}&period=today`);
    expect(today.period.from).toBe(formatShanghai(TODAY));
    expect(today.previous.period).toEqual({ from: formatShanghai(TODAY - (NOW + 1 - TODAY)), to: formatShanghai(TODAY) });
  });

  it('the table total, the KPI figure and the breakdown sum agree for the same filter state', async () => {
    const states = [`area=${DISTRICT}&period=today`, 'period=7d&category=MS,JM&channel=hotline_12345,grid_patrol', `area=${DISTRICT}001&urgency=normal&period=today`, 'period=yesterday&subcategory=SR01'];
    for (const state of states) {
      const kpis = await get(server.api, `/api/kpis?${state}`);
      for (const kpi of ['received', 'registered', 'due', 'closed', 'closedOnTime', 'notClosedOnTime', 'overdueOpen'] as const) {
        const list = await get(server.api, `/api/cases?${state}${kpi === 'received' ? '' : `&kpi=${kpi}`}&limit=1`);
        const figure = kpi === 'notClosedOnTime' ? kpis.counts.due - kpis.counts.closedOnTime : kpis.counts[kpi];
        expect(list.total, `${state} ${kpi}`).toBe(figure);
        for (const by of ['category', 'area', 'urgency', 'day', ...(state.includes('7d') ? [] : ['hour'])]) {
          const breakdown = await get(server.api, `/api/kpis/breakdown?${state}&by=${by}&kpi=${kpi}`);
          expect(breakdown.total, `${state} ${kpi} by ${by}`).toBe(figure);
          expect(breakdown.buckets.reduce((s: number, b: { count: number }) => s + b.count, 0)).toBe(figure);
        }
      }
      // The KPI's own links list exactly its cases, filters included.
      const link = await get(server.api, `${kpis.cases.closed}&limit=1`);
      expect(link.total).toBe(kpis.counts.closed);
    }
    const byArea = await get(server.api, `/api/kpis/breakdown?period=today&by=area`);
    expect(byArea.buckets.map((b: { key: string }) => b.key)).toEqual(server.model.children('410100').map((n) => n.code));
    expect(byArea.buckets.find((b: { key: string }) => b.key === DISTRICT).name).toBe('金水区');
    const byHour = await get(server.api, `/api/kpis/breakdown?period=today&by=hour`);
    expect(byHour.buckets).toHaveLength(11); // 00:00 … 10:00 so far
    expect(byHour.buckets[0]).toMatchObject({ key: formatShanghai(TODAY), name: '2026-12-07 00:00' });
  });

  it('searches areas, case ids and text within the caller\'s area only', async () => {
    const city = await get(server.api, `/api/search?q=${encodeURIComponent('金水')}`);
    expect(city.areas[0]).toMatchObject({ code: DISTRICT, name: '金水区', level: 'district', path: [] });
    const inOther = cases.find((c) => c.area.district === OTHER)!;
    const inMine = cases.find((c) => c.area.district === DISTRICT)!;
    expect((await get(server.api, `/api/search?q=${inOther.id}`)).cases[0]).toMatchObject({ id: inOther.id, match: 'id', names: { district: '中原区' } });
    expect((await get(district, `/api/search?q=${inOther.id}`)).cases).toEqual([]);
    expect((await get(district, `/api/search?q=${inMine.id.toLowerCase()}`)).cases[0]).toMatchObject({ id: inMine.id, match: 'id' });
    // Names and codes of another district, and text that its cases hold: nothing of it comes back.
    const otherCommunity = server.model.node(inOther.area.community)!.name;
    for (const q of ['中原', OTHER, inOther.area.grid, otherCommunity, '附近']) {
      const found = await get(district, `/api/search?q=${encodeURIComponent(q)}&limit=20`);
      for (const a of found.areas) expect(a.code.startsWith(DISTRICT), `${q}: ${a.code}`).toBe(true);
      for (const c of found.cases) expect(c.names.district, `${q}: ${c.id}`).toBe('金水区');
    }
    const byText = await get(server.api, `/api/search?q=${encodeURIComponent(otherCommunity)}&limit=5`);
    expect(byText.cases.length).toBeGreaterThan(0);
    expect(byText.cases.every((c: { description: string }) => c.description.includes(otherCommunity))).toBe(true);
    expect((await district.get(`/api/search?q=x&area=${OTHER}`)).status).toBe(403);
  });

  it('exports the filtered table as a workbook with a heading row and Chinese columns, the same rows as the API', async () => {
    const q = `area=${DISTRICT}&category=SR&period=today&sort=urgency&order=desc`;
    const res = await fetch(`${server.url}/api/cases/export.xlsx?${q}`, { headers: district.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const [heading, header, ...body] = rows;
    const list: CaseListItem[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await get(district, `/api/cases?${q}&limit=500&offset=${offset}`);
      list.push(...page.items);
      if (page.items.length < 500) break;
    }
    expect(String(heading![0])).toContain('区域：金水区（410105）');
    expect(String(heading![0])).toContain('时段：2026-12-07 00:00 至 2026-12-07 10:00');
    expect(String(heading![0])).toContain('大类 市容环境');
    expect(String(heading![0])).toContain(`共 ${list.length} 条`);
    expect(header!.slice(0, 6)).toEqual(['案件编号', '上报时间', '来源渠道', '来源渠道代码', '大类', '大类代码']);
    expect(header).toContain('区县');
    expect(body.map((r) => r[0])).toEqual(list.map((c) => c.id));
    const at = (name: string) => header!.indexOf(name);
    expect(body.map((r) => r[at('街道')])).toEqual(list.map((c) => c.names.street));
    expect(body.map((r) => r[at('紧急程度')])).toEqual(list.map((c) => c.names.urgency));
    const audit = await server.store.sql.all<{ action: string; outcome: string }>("SELECT action, outcome FROM audit_log WHERE action = 'export'");
    expect(audit.some((a) => a.outcome === 'ok')).toBe(true);
  });

  it('never shows a district account another district: list, KPIs, breakdown, export', async () => {
    const own = await get(district, '/api/cases?limit=500&period=today&sort=area');
    expect(own.total).toBe(cases.filter((c) => c.area.district === DISTRICT && ms(c.times.reported)! >= TODAY).length);
    expect(own.items.every((c: CaseListItem) => c.area.district === DISTRICT)).toBe(true);
    const kpis = await get(district, '/api/kpis?period=today');
    expect(kpis.area).toBe(DISTRICT);
    expect(kpis.counts.received).toBe(own.total);
    const byArea = await get(district, '/api/kpis/breakdown?period=today&by=area');
    expect(byArea.buckets.every((b: { key: string }) => b.key.startsWith(DISTRICT))).toBe(true);
    for (const path of [`/api/cases?area=${OTHER}`, `/api/kpis?area=${OTHER}`, `/api/kpis/breakdown?area=${OTHER}&by=category`, `/api/cases/export.xlsx?area=${OTHER}`, `/api/cases?area=${OTHER}001&sort=urgency`]) {
      const res = await district.get(path);
      expect(res.status, path).toBe(403);
      expect(res.body.error.field).toBe('area');
    }
  });

  it('answers bad input with a 400 naming the field', async () => {
    const cases400: [string, string][] = [
      ['/api/cases?sort=priority', 'sort'],
      ['/api/cases?order=up', 'order'],
      ['/api/cases?offset=-1', 'offset'],
      ['/api/cases?offset=100001', 'offset'],
      ['/api/cases?subcategory=XX99', 'subcategory'],
      ['/api/cases?period=week', 'period'],
      ['/api/cases?period=today&from=2026-12-01', 'period'],
      ['/api/cases?sort=urgency&cursor=abc', 'cursor'],
      ['/api/kpis?period=month', 'period'],
      ['/api/kpis?kpi=received', ''],
      ['/api/kpis/breakdown?by=weekday', 'by'],
      ['/api/kpis/breakdown', 'by'],
      ['/api/kpis/breakdown?by=day&kpi=fast', 'kpi'],
      ['/api/kpis/breakdown?by=hour&period=30d', 'by'],
      ['/api/search', 'q'],
      ['/api/search?q=', 'q'],
      [`/api/search?q=${'长'.repeat(51)}`, 'q'],
      ['/api/search?q=x&limit=21', 'limit'],
      ['/api/search?q=x&area=41010', 'area'],
      ['/api/cases/export.xlsx?sort=soon', 'sort'],
      ['/api/cases/export.xlsx?lang=fr', 'lang'],
    ];
    for (const [path, field] of cases400) {
      const res = await server.api.get(path);
      expect(res.status, path).toBe(400);
      if (field) expect(res.body.error.field, path).toBe(field);
      else expect(res.body.error.message, path).toMatch(/kpi/);
    }
  });

  it('writes the history only into a new store: a restart adds nothing', async () => {
    const before = await server.store.count();
    const dataDir = server.dataDir;
    await server.close();
    server = await startTestServer({ dataDir, clock: { now: () => NOW + HOUR }, scheduler: { every: () => () => {} }, historyDays: 1 });
    expect(await server.store.count()).toBe(before);
  });

  it('writes the same cases and events for the same plan', async () => {
    const plan = { days: 0.1, end: NOW, seed: 'zhengzhou' };
    const written: { cases: Case[]; events: unknown[] }[] = [];
    for (let i = 0; i < 2; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'history-'));
      const store = await openSqliteCaseStore(join(dir, 'cases.db'));
      try {
        await store.migrate();
        const result = await writeHistory({ model: server.model, resolver: AreaResolver.fromModel(server.model), store, sla: SlaPolicy.default(), roster: server.roster }, plan);
        expect(result.cases).toBeGreaterThan(300);
        const stored: Case[] = [];
        await store.scan(1_000, (batch) => stored.push(...batch));
        written.push({ cases: stored, events: await Promise.all(stored.filter((_, k) => k % 50 === 0).map((c) => store.events(c.id))) });
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    expect(written[1]).toStrictEqual(written[0]);
  });
});
