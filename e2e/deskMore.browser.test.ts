import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../shared/src/access/roles.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureClientBuilt, recordPage } from './browserHarness.js';
import { POLL, contrast, deskFigures, luminance, searchOf, tableIds } from './deskPage.js';
import { startTestServer, type TestServer } from '../server/src/testing/testServer.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(repoRoot, 'test-artifacts');
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`\n!!! ${CHROMIUM_PATH} not found: SKIPPING the desk browser tests (e2e/deskMore.browser.test.ts).\n`);

const PASSWORD = 'a long enough secret';
const JINSHUI = '410105';
const DAY = 86_400_000;
/** A Beijing calendar day (YYYY-MM-DD) of an instant. */
const beijingDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

describe.skipIf(!hasChromium)('the desk (/desk) in headless Chromium: connection, exports, periods, sort, reporter, 环比, dark theme, subcategories', () => {
  let server: TestServer;
  let browser: Browser;
  /** The cases posted today in 金水区 and the one with a reporter. */
  const today: string[] = [];
  let withReporter = '';
  let grid: { code: string; centroid: [number, number] };
  let n = 0;

  async function post(over: Record<string, unknown> = {}): Promise<string> {
    const res = await server.api.post('/api/cases', { channel: 'hotline_12345', category: 'SR', subcategory: 'SR01', urgency: 'normal', lon: grid.centroid[0], lat: grid.centroid[1], description: `研判台补充测试 ${n++}`, address: `补充路${n}号`, ...over });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    ensureClientBuilt(repoRoot);
    server = await startTestServer({ clientDir: join(repoRoot, 'client/dist') });
    const street = server.model.children(JINSHUI)[0]!.code;
    grid = server.model.children(server.model.children(street)[0]!.code)[0]!;
    // Today: 3 矛盾纠纷 (two MD01, one MD02) and 3 市容环境 of mixed urgency; one with a reporter.
    const plan: Record<string, unknown>[] = [
      { category: 'MD', subcategory: 'MD01', urgency: 'major' },
      { category: 'MD', subcategory: 'MD01', urgency: 'simple' },
      { category: 'MD', subcategory: 'MD02', urgency: 'prominent' },
      { urgency: 'major' },
      { urgency: 'normal', reporter: { name: '王建国', phone: '13812345678' } },
      { urgency: 'simple' },
    ];
    for (const over of plan) today.push(await post(over));
    withReporter = today[4]!;
    // Yesterday, an hour before Beijing midnight: inside the previous period of "today" (环比).
    const midnight = Date.parse(`${beijingDay(Date.now())}T00:00:00+08:00`);
    for (let i = 0; i < 2; i++) await post({ reportedAt: new Date(midnight - 3_600_000 + i * 60_000).toISOString() });
    for (const [username, role, name] of [
      ['more.operator', 'operator', '金水区值班员'],
      ['more.analyst', 'analyst', '金水区分析员'],
      ['more.commander', 'commander', '金水区指挥长'],
    ] as const) {
      await server.auth.createAccount({ username, name, role: role as Role, scope: JINSHUI, kind: 'person', password: PASSWORD }, null);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(username: string, viewport = { width: 1920, height: 1080 }): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
    const login = await server.auth.login(username, PASSWORD, null);
    if (!login.ok) throw new Error(`sign-in of ${username} failed`);
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    await context.addCookies([{ name: 'cityops_session', value: login.token, url: server.url }]);
    const page = await context.newPage();
    const { errors } = recordPage(page);
    return { page, context, errors };
  }

  /** Runs `body` on a page of `username`, saving a screenshot when it fails. */
  async function onPage(username: string, name: string, body: (page: Page) => Promise<void>, expectedErrors?: RegExp): Promise<void> {
    const { page, context, errors } = await signedIn(username);
    try {
      await body(page);
      const unexpected = errors.filter((e) => !expectedErrors?.test(e));
      expect(unexpected, unexpected.join('\n')).toEqual([]);
    } catch (error) {
      writeFileSync(join(artifacts, `desk-more-failed-${name}.png`), await page.screenshot().catch(() => Buffer.alloc(0)));
      throw error;
    } finally {
      await context.close();
    }
  }

  /** Every id of GET /api/cases for a query, page by page. */
  async function apiIds(query: string): Promise<string[]> {
    const ids: string[] = [];
    for (let offset = 0; ; offset += 500) {
      const res = await server.api.get(`/api/cases?${query}&limit=500&offset=${offset}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      ids.push(...(res.body.items as { id: string }[]).map((c) => c.id));
      if (res.body.items.length < 500) return ids;
    }
  }

  it('says 连接中断 while the stream is down, then 实时 again, and loads what changed meanwhile', async () => {
    await onPage('more.analyst', 'connection', async (page) => {
      await page.goto(`${server.url}/desk?area=${JINSHUI}`);
      const before = (await deskFigures(page)).table;
      const live = page.locator('[data-testid="desk-live"]');
      await expect.poll(() => live.textContent(), POLL).toBe('实时');
      // The server refuses new connections and drops the page's: the network is down for the page.
      const engine = server.io.engine;
      const allow = engine.opts.allowRequest;
      engine.opts.allowRequest = (_req, callback) => callback('the test keeps the stream down', false);
      try {
        for (const socket of server.io.sockets.sockets.values()) socket.conn.close();
        await expect.poll(() => live.textContent(), POLL).toContain('连接中断');
        expect(await live.getAttribute('class')).toContain('lost');
        // A case arrives while the page cannot hear of it.
        today.push(await post({ description: '断线期间的新案件' }));
        expect(Number(await page.getAttribute('[data-testid="desk-table"]', 'data-total'))).toBe(before);
      } finally {
        engine.opts.allowRequest = allow;
      }
      // Back: the line says so and every panel loads again, the table included, without a click.
      await expect.poll(() => live.textContent(), POLL).toBe('实时');
      await expect.poll(() => page.getAttribute('[data-testid="desk-table"]', 'data-total'), POLL).toBe(String(before + 1));
      const after = await deskFigures(page);
      expect(after).toMatchObject({ table: before + 1, received: before + 1, category: before + 1 });
      // Chromium logs each refused attempt to reconnect.
    }, /WebSocket connection to .* failed/);
  }, 180_000);

  it('downloads the table as CSV and as Excel: the same rows, in the same order, as GET /api/cases', async () => {
    await onPage('more.operator', 'export', async (page) => {
      await page.goto(`${server.url}/desk?area=${JINSHUI}&category=SR&sort=urgency`);
      await deskFigures(page);
      const expected = await apiIds(`area=${JINSHUI}&category=SR&period=today&sort=urgency&order=desc`);
      expect(expected.length).toBeGreaterThanOrEqual(3);
      expect(await tableIds(page)).toEqual(expected);

      const [xlsx] = await Promise.all([page.waitForEvent('download', POLL), page.click('[data-testid="desk-export-xlsx"]')]);
      expect(xlsx.suggestedFilename()).toBe('cases.xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(await xlsx.path());
      const rows: unknown[][] = [];
      workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      const [heading, header, ...body] = rows;
      expect(String(heading![0])).toContain('区域：金水区（410105）');
      expect(String(heading![0])).toContain(`共 ${expected.length} 条`);
      expect(header![0]).toBe('案件编号');
      expect(body.map((r) => r[0])).toEqual(expected);
      expect(body.every((r) => r[header!.indexOf('大类')] === '市容环境')).toBe(true);

      const [csv] = await Promise.all([page.waitForEvent('download', POLL), page.click('[data-testid="desk-export-csv"]')]);
      expect(csv.suggestedFilename()).toBe('cases.csv');
      const lines = readFileSync((await csv.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]!.split(',')[0]).toBe('案件编号');
      expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(expected);
    });
  }, 180_000);

  it('a date range changes the table, the KPIs and the charts together, as the API counts them', async () => {
    await onPage('more.analyst', 'range', async (page) => {
      await page.goto(`${server.url}/desk?area=${JINSHUI}`);
      const todays = await deskFigures(page);
      const day = beijingDay(Date.now());
      const yesterday = beijingDay(Date.now() - DAY);
      const count = async (from: string, to: string) => (await server.api.get(`/api/cases?area=${JINSHUI}&from=${from}T00:00:00%2B08:00&to=${to}T00:00:00%2B08:00&limit=1`)).body.total as number;
      // Yesterday and today, picked in the date fields.
      await page.fill('[data-testid="desk-range-from"]', yesterday);
      await page.fill('[data-testid="desk-range-to"]', day);
      await page.click('button[data-period="range"]');
      await expect.poll(() => searchOf(page)).toBe(`?area=${JINSHUI}&period=${yesterday}..${day}`);
      const both = await deskFigures(page);
      const expected = await count(yesterday, beijingDay(Date.now() + DAY));
      expect(expected).toBe(todays.table + 2);
      expect(both).toEqual({ table: expected, received: expected, category: expected, urgency: expected, ranking: expected });
      // Yesterday alone: the two back-dated cases, from a link.
      await page.goto(`${server.url}/desk?area=${JINSHUI}&period=${yesterday}..${yesterday}`);
      expect(await deskFigures(page)).toEqual({ table: 2, received: 2, category: 2, urgency: 2, ranking: 2 });
      expect(await count(yesterday, day)).toBe(2);
      expect(await page.getAttribute('button[data-period="range"]', 'aria-pressed')).toBe('true');
    });
  }, 180_000);

  it('sorts by a column header click, in the URL, in the order the server gives', async () => {
    await onPage('more.analyst', 'sort', async (page) => {
      await page.goto(`${server.url}/desk?area=${JINSHUI}`);
      await deskFigures(page);
      expect(await tableIds(page)).toEqual((await apiIds(`area=${JINSHUI}&period=today`)).slice(0, 20));
      await page.click('[data-testid="desk-table"] button[data-sort="urgency"]');
      await expect.poll(() => searchOf(page)).toBe(`?area=${JINSHUI}&sort=urgency&order=desc`);
      await deskFigures(page);
      const desc = await apiIds(`area=${JINSHUI}&period=today&sort=urgency&order=desc`);
      await expect.poll(() => tableIds(page), POLL).toEqual(desc.slice(0, 20));
      expect(await page.getAttribute('[data-testid="desk-table"] th[aria-sort]', 'aria-sort')).toBe('descending');
      // The urgencies shown fall from 重大 down.
      const rank = { major: 0, prominent: 1, normal: 2, simple: 3 } as Record<string, number>;
      const shown = await page.locator('[data-testid="desk-table"] tbody tr').evaluateAll((rows) => rows.map((r) => /urgency-(\w+)/.exec(r.className)?.[1] ?? ''));
      expect(shown.map((u) => rank[u])).toEqual([...shown.map((u) => rank[u])].sort((a, b) => a! - b!));
      // Again: ascending.
      await page.click('[data-testid="desk-table"] button[data-sort="urgency"]');
      await expect.poll(() => searchOf(page)).toBe(`?area=${JINSHUI}&sort=urgency&order=asc`);
      await expect.poll(() => tableIds(page), POLL).toEqual((await apiIds(`area=${JINSHUI}&period=today&sort=urgency&order=asc`)).slice(0, 20));
    });
  }, 180_000);

  it('shows the reporter masked, unmasks on a click for a commander and an operator (audited), and never for an analyst', async () => {
    for (const username of ['more.commander', 'more.operator']) {
      await onPage(username, `unmask-${username}`, async (page) => {
        await page.goto(`${server.url}/desk?area=${JINSHUI}&case=${withReporter}`);
        const reporter = page.locator('[data-testid="desk-reporter"]');
        await expect.poll(() => reporter.textContent(), POLL).toContain('138****5678');
        expect(await reporter.textContent()).not.toContain('王建国');
        const audited = async () => (await server.auth.auditLog(JINSHUI, { action: 'unmask', limit: 100 })).filter((e) => e.target === withReporter && e.actorId !== null);
        const before = (await audited()).length;
        await reporter.locator('button').click(POLL);
        await expect.poll(() => reporter.textContent(), POLL).toBe('王建国 13812345678');
        const after = await audited();
        expect(after.length).toBe(before + 1);
        expect(after[0]).toMatchObject({ action: 'unmask', outcome: 'ok', area: grid.code });
      });
    }
    await onPage('more.analyst', 'unmask-analyst', async (page) => {
      await page.goto(`${server.url}/desk?area=${JINSHUI}&case=${withReporter}`);
      const reporter = page.locator('[data-testid="desk-reporter"]');
      await expect.poll(() => reporter.textContent(), POLL).toContain('138****5678');
      expect(await reporter.locator('button').count()).toBe(0);
    });
  }, 240_000);

  it('shows each KPI’s 环比 as GET /api/kpis counts it', async () => {
    await onPage('more.analyst', 'previous', async (page) => {
      await page.goto(`${server.url}/desk?area=${JINSHUI}`);
      await deskFigures(page);
      const kpis = (await server.api.get(`/api/kpis?area=${JINSHUI}&period=today`)).body as { change: Record<string, { previous: number | null; delta: number | null; ratio: number | null }> };
      // Two cases yesterday evening against today's: a real previous figure, not zero.
      expect(kpis.change.received!.previous).toBe(2);
      const shown = await page.locator('[data-testid="desk-kpis"] button[data-figure]').evaluateAll((buttons) => buttons.map((b) => [b.getAttribute('data-figure'), b.querySelector('.desk-kpi-change')?.textContent ?? ''] as const));
      expect(shown.length).toBe(8);
      const rates = new Set(['registrationRate', 'dispatchRate', 'closureRate', 'onTimeRate', 'reworkRate']);
      for (const [name, text] of shown) {
        const change = kpis.change[name!];
        if (!change || change.previous === null || change.delta === null) {
          expect(text, name!).toBe('环比 —');
          continue;
        }
        const sign = change.delta > 0 ? '+' : change.delta < 0 ? '−' : '±';
        if (rates.has(name!)) expect(text, name!).toBe(`环比 ${sign}${(Math.abs(change.delta) * 100).toFixed(2)} pp`);
        else expect(text, name!).toBe(`环比 ${sign}${Math.abs(change.delta).toLocaleString('zh-CN')}${change.ratio === null ? '' : ` (${sign}${(Math.abs(change.ratio) * 100).toFixed(1)}%)`}`);
      }
      const received = shown.find(([name]) => name === 'received')![1];
      expect(received).toBe(`环比 +${kpis.change.received!.delta} (+${(kpis.change.received!.ratio! * 100).toFixed(1)}%)`);
    });
  }, 180_000);

  it('takes the dark theme from the URL (dark page, readable text), and nothing of the wall’s stylesheet reaches the desk', async () => {
    await onPage('more.analyst', 'dark', async (page) => {
      await page.goto(`${server.url}/desk?area=${JINSHUI}&theme=dark`);
      await deskFigures(page);
      const colours = await page.evaluate(() => {
        const style = (sel: string) => {
          const el = document.querySelector(sel);
          if (!el) throw new Error(`${sel} is not on the page`);
          const s = getComputedStyle(el);
          return { color: s.color, background: s.backgroundColor };
        };
        return {
          desk: style('[data-testid="desk"]'),
          panel: style('[data-testid="desk-table"]'),
          cell: style('[data-testid="desk-table"] tbody td'),
          kpi: style('[data-testid="kpi-received"]'),
          muted: style('.desk-kpi-change'),
          title: style('.desk-header h1'),
        };
      });
      expect(luminance(colours.desk.background)).toBeLessThan(0.02);
      expect(luminance(colours.panel.background)).toBeLessThan(0.02);
      // WCAG AA for body text (4.5:1) on the page and on a panel.
      for (const key of ['cell', 'kpi', 'muted', 'title'] as const) expect(contrast(colours[key].color, colours.panel.background), key).toBeGreaterThanOrEqual(4.5);
      expect(contrast(colours.title.color, colours.desk.background)).toBeGreaterThanOrEqual(4.5);
      writeFileSync(join(artifacts, 'desk-dark-1920x1080.png'), await page.screenshot());

      // The wall's kiosk rules (a dark, unscrollable html and body) and its generic class names
      // (.rank: a pill 30 px wide) stay on the wall.
      const leaked = await page.evaluate(() => {
        const html = getComputedStyle(document.documentElement);
        const body = getComputedStyle(document.body);
        const rank = document.querySelector('[data-testid="desk-ranking"] .rank');
        if (!rank) throw new Error('no ranking on the page');
        const r = getComputedStyle(rank);
        return { htmlBackground: html.backgroundColor, bodyOverflow: body.overflow, bodyMargin: body.margin, rankMinWidth: r.minWidth, rankRadius: r.borderTopLeftRadius, rankBackground: r.backgroundColor };
      });
      expect(leaked).toEqual({ htmlBackground: 'rgba(0, 0, 0, 0)', bodyOverflow: 'visible', bodyMargin: '8px', rankMinWidth: 'auto', rankRadius: '0px', rankBackground: 'rgba(0, 0, 0, 0)' });
    });
  }, 180_000);

  it('with one category chosen, charts its subcategories; a bar adds the subcategory filter and every panel follows', async () => {
    await onPage('more.analyst', 'subcategory', async (page) => {
      await page.goto(`${server.url}/desk?area=${JINSHUI}`);
      await deskFigures(page);
      expect(await page.locator('[data-testid="desk-chart-subcategory"]').count()).toBe(0);
      await page.click('[data-testid="desk-chart-category"] .desk-chart-keys button[data-key="MD"]');
      await expect.poll(() => searchOf(page)).toBe(`?area=${JINSHUI}&category=MD`);
      const chart = page.locator('[data-testid="desk-chart-subcategory"]');
      await expect.poll(() => chart.count(), POLL).toBe(1);
      const md = await deskFigures(page);
      expect(md.table).toBe(3);
      expect(Number(await chart.getAttribute('data-sum'))).toBe(3);
      const breakdown = (await server.api.get(`/api/kpis/breakdown?area=${JINSHUI}&period=today&category=MD&by=subcategory`)).body as { buckets: { key: string; count: number }[] };
      const keys = await chart.locator('.desk-chart-keys button').evaluateAll((bs) => bs.map((b) => [b.getAttribute('data-key'), Number(b.getAttribute('data-count'))]));
      expect(Object.fromEntries(keys)).toEqual(Object.fromEntries(breakdown.buckets.filter((b) => b.count > 0).map((b) => [b.key, b.count])));
      expect(Object.fromEntries(keys)).toEqual({ MD01: 2, MD02: 1 });
      // The MD01 bar on the canvas itself.
      await expect.poll(async () => JSON.parse((await chart.getAttribute('data-bars')) || '{}').MD01 !== undefined, POLL).toBe(true);
      const bar = JSON.parse((await chart.getAttribute('data-bars'))!).MD01 as [number, number];
      await chart.locator('.desk-chart-body').click({ position: { x: bar[0], y: bar[1] } });
      await expect.poll(() => searchOf(page)).toBe(`?area=${JINSHUI}&category=MD&subcategory=MD01`);
      expect(await deskFigures(page)).toEqual({ table: 2, received: 2, category: 2, urgency: 2, ranking: 2 });
      expect(await page.locator('[data-chip="subcategory:MD01"]').count()).toBe(1);
      await expect.poll(() => chart.getAttribute('data-sum'), POLL).toBe('2');
      // Two categories: no subcategory chart.
      await page.goto(`${server.url}/desk?area=${JINSHUI}&category=MD,SR`);
      await deskFigures(page);
      expect(await chart.count()).toBe(0);
    });
  }, 180_000);
});
