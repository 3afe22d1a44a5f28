import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../shared/src/access/roles.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureClientBuilt, recordPage } from './browserHarness.js';
import { startTestServer, type TestServer } from '../server/src/testing/testServer.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(repoRoot, 'test-artifacts');
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`\n!!! ${CHROMIUM_PATH} not found: SKIPPING the desk browser tests (e2e/desk.browser.test.ts).\n`);

const PASSWORD = 'a long enough secret';
const JINSHUI = '410105';
const ZHONGYUAN = '410102';
const POLL = { timeout: 60_000 };

describe.skipIf(!hasChromium)('the desk (/desk) in headless Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  /** Cases posted in 金水区, by street code, and in 中原区. */
  const jinshui = new Map<string, string[]>();
  const zhongyuan: string[] = [];
  let streets: string[] = [];
  /** The streets that got cases, busiest first, with their counts (as the points resolved). */
  let ranked: { code: string; count: number }[] = [];
  let n = 0;

  /** A grid cell's centre of a street's first community (its own cell's centroid lies inside it for these). */
  const gridsOf = (street: string): { code: string; centroid: [number, number] }[] => server.model.children(street).flatMap((c) => server.model.children(c.code)).slice(0, 3);

  async function post(lonLat: [number, number], over: Record<string, unknown> = {}): Promise<{ id: string; district: string; street: string; grid: string }> {
    const res = await server.api.post('/api/cases', { channel: 'hotline_12345', category: 'SR', subcategory: 'SR01', urgency: 'normal', lon: lonLat[0], lat: lonLat[1], description: `研判台测试案件 ${n++}`, address: `测试路${n}号`, ...over });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { id: res.body.id, district: res.body.case.area.district, street: res.body.case.area.street, grid: res.body.case.area.grid };
  }

  async function act(id: string, body: Record<string, unknown>): Promise<void> {
    const res = await server.api.post(`/api/cases/${id}/actions`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    ensureClientBuilt(repoRoot);
    server = await startTestServer({ clientDir: join(repoRoot, 'client/dist') });
    streets = server.model.children(JINSHUI).slice(0, 3).map((s) => s.code);
    // 金水区: 6 cases in its first street, 3 in the second, 2 in the third; mixed categories and urgencies.
    const plan: [number, number][] = [
      [0, 6],
      [1, 3],
      [2, 2],
    ];
    for (const [s, count] of plan) {
      const grids = gridsOf(streets[s]!);
      for (let i = 0; i < count; i++) {
        const c = await post(grids[i % grids.length]!.centroid, i % 3 === 0 ? { category: 'MD', subcategory: 'MD01', urgency: 'prominent' } : i % 3 === 1 ? { urgency: 'major' } : {});
        expect(c.district).toBe(JINSHUI);
        jinshui.set(c.street, [...(jinshui.get(c.street) ?? []), c.id]);
      }
    }
    ranked = [...jinshui.entries()].map(([code, ids]) => ({ code, count: ids.length })).sort((a, b) => b.count - a.count);
    const other = server.model.children(ZHONGYUAN)[0]!.code;
    for (let i = 0; i < 3; i++) zhongyuan.push((await post(gridsOf(other)[0]!.centroid, { address: '中原测试路' })).id);
    for (const u of [
      ['desk.operator', 'operator', JINSHUI, '金水区值班员'],
      ['desk.analyst', 'analyst', JINSHUI, '金水区分析员'],
      ['desk.commander', 'commander', JINSHUI, '金水区指挥长'],
    ] as const) {
      await server.auth.createAccount({ username: u[0], name: u[3], role: u[1] as Role, scope: u[2], kind: 'person', password: PASSWORD }, null);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page signed in as `username` (a real session cookie), recording errors. */
  async function signedIn(username: string, viewport = { width: 1920, height: 1080 }): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
    const login = await server.auth.login(username, PASSWORD, null);
    if (!login.ok) throw new Error(`sign-in of ${username} failed`);
    const context = await browser.newContext({ viewport });
    await context.addCookies([{ name: 'cityops_session', value: login.token, url: server.url }]);
    const page = await context.newPage();
    const { errors } = recordPage(page);
    return { page, context, errors };
  }

  /** The figures the desk shows for one state, once every panel has loaded it. */
  async function figures(page: Page): Promise<{ table: number; received: number; category: number; urgency: number; ranking: number }> {
    // Loaded: the table has its total and no panel is loading another view.
    await expect.poll(() => page.locator('[data-testid="desk-table"]:not([data-total=""])').count(), POLL).toBe(1);
    await expect.poll(() => page.locator('[aria-busy="true"]').count(), POLL).toBe(0);
    const failed = await page.locator('.desk-error').allTextContents();
    expect(failed, 'a panel says it failed').toEqual([]);
    return page.evaluate(() => {
      const num = (sel: string, attr: string) => Number(document.querySelector(sel)?.getAttribute(attr) ?? NaN);
      const ranking = [...document.querySelectorAll('[data-testid="desk-ranking"] button[data-count]')].reduce((s, b) => s + Number(b.getAttribute('data-count')), 0);
      return {
        table: num('[data-testid="desk-table"]', 'data-total'),
        received: Number((document.querySelector('[data-testid="kpi-received"]')?.textContent ?? '').replace(/,/g, '')),
        category: num('[data-testid="desk-chart-category"]', 'data-sum'),
        urgency: num('[data-testid="desk-chart-urgency"]', 'data-sum'),
        ranking,
      };
    });
  }

  const search = (page: Page) => new URL(page.url()).search;
  /** What the page showed when a step failed, for whoever reads the failure. */
  async function failedShot(page: Page, name: string): Promise<void> {
    writeFileSync(join(artifacts, `desk-failed-${name}.png`), await page.screenshot().catch(() => Buffer.alloc(0)));
  }

  it('/login leads a person to the desk on their own area, a commander on a tablet to /lead, and ?next= still wins', async () => {
    const cases: Array<[string, { width: number; height: number; hasTouch?: boolean }, string | null, RegExp]> = [
      ['desk.operator', { width: 1366, height: 768 }, null, /\/desk\?area=410105$/],
      ['desk.commander', { width: 1920, height: 1080 }, null, /\/desk\?area=410105$/],
      ['desk.commander', { width: 1180, height: 820, hasTouch: true }, null, /\/lead\?area=410105$/],
      ['desk.analyst', { width: 1366, height: 768 }, '/wall?mode=fit', /\/wall\?mode=fit&area=410105$/],
    ];
    for (const [username, viewport, next, expected] of cases) {
      const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, hasTouch: viewport.hasTouch ?? false });
      const page = await context.newPage();
      try {
        await page.goto(`${server.url}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
        await page.fill('input[name=username]', username);
        await page.fill('input[name=password]', PASSWORD);
        await page.click('button[type=submit]');
        await page.waitForURL(expected, { timeout: 30_000 });
      } finally {
        await context.close();
      }
    }
  }, 120_000);

  it('opens on the account’s area with its name, and every panel counts the same cases', async () => {
    const { page, context, errors } = await signedIn('desk.analyst');
    try {
      await page.goto(`${server.url}/desk`);
      await expect.poll(() => search(page), POLL).toBe('?area=410105');
      await expect.poll(() => page.textContent('[data-testid="desk-who"]'), POLL).toContain('金水区分析员');
      expect(await page.textContent('[data-testid="desk-area-name"]')).toBe('金水区');
      expect(await page.locator('[data-testid="desk-sign-out"]').isVisible()).toBe(true);
      const f = await figures(page);
      expect(f).toEqual({ table: 11, received: 11, category: 11, urgency: 11, ranking: 11 });
      await expect.poll(() => page.getAttribute('[data-testid="wall-map"]', 'data-children'), POLL).toBe(String(server.model.children(JINSHUI).length));
      writeFileSync(join(artifacts, 'desk-1920x1080.png'), await page.screenshot());
      // The English page and the dark theme are one click away, and stay in the URL.
      await page.click('[data-testid="desk-lang"]');
      await page.click('[data-testid="desk-theme"]');
      await expect.poll(() => search(page)).toBe('?area=410105&lang=en&theme=dark');
      await expect.poll(() => page.textContent('[data-testid="desk-table"] h2')).toContain('Cases (11)');
      expect(errors, errors.join('\n')).toEqual([]);
    } catch (error) {
      await failedShot(page, '0');
      throw error;
    } finally {
      await context.close();
    }
  }, 180_000);

  it('drills by a ranking row, by a map click, by the breadcrumb and by search, keeping the counts in step', async () => {
    const { page, context, errors } = await signedIn('desk.analyst');
    try {
      await page.goto(`${server.url}/desk?area=410105`);
      await figures(page);
      // Ranking: the busiest street first, with its 6 cases.
      const first = page.locator('[data-testid="desk-ranking"] li button').first();
      expect(await first.getAttribute('data-code')).toBe(ranked[0]!.code);
      expect(await first.getAttribute('data-count')).toBe(String(ranked[0]!.count));
      await first.click();
      await expect.poll(() => search(page)).toBe(`?area=${ranked[0]!.code}`);
      expect((await figures(page)).table).toBe(ranked[0]!.count);
      expect(await page.textContent('[data-testid="desk-breadcrumb"]')).toContain('金水区');

      // Breadcrumb: up to the district.
      await page.click(`[data-testid="desk-breadcrumb"] button[data-code="${JINSHUI}"]`);
      await expect.poll(() => search(page)).toBe('?area=410105');
      expect((await figures(page)).table).toBe(11);

      // Map: click the second street where the map drew it.
      const map = page.locator('[data-testid="wall-map"]');
      const second = ranked[1]!;
      await expect.poll(async () => JSON.parse((await map.getAttribute('data-anchors')) ?? '{}')[second.code] !== undefined, POLL).toBe(true);
      await expect.poll(() => map.getAttribute('data-idle'), POLL).toBe('true');
      const anchors = JSON.parse((await map.getAttribute('data-anchors'))!) as Record<string, [number, number]>;
      await map.click({ position: { x: anchors[second.code]![0], y: anchors[second.code]![1] } });
      await expect.poll(() => search(page), POLL).toBe(`?area=${second.code}`);
      expect((await figures(page)).table).toBe(second.count);

      // Search: the third street by name, from anywhere.
      const third = server.model.node(ranked[2]!.code)!;
      await page.fill('[data-testid="desk-search"]', third.name);
      await page.click(`[data-testid="desk-search-results"] button[data-code="${third.code}"]`, { timeout: 30_000 });
      await expect.poll(() => search(page)).toBe(`?area=${third.code}`);
      expect((await figures(page)).table).toBe(ranked[2]!.count);
      expect(errors, errors.join('\n')).toEqual([]);
    } catch (error) {
      await failedShot(page, '1');
      throw error;
    } finally {
      await context.close();
    }
  }, 240_000);

  it('a chart click then a drill and a drill then a chart click give the same view; back, forward and a copied link restore it', async () => {
    const { page, context, errors } = await signedIn('desk.analyst', { width: 1366, height: 768 });
    try {
      await page.goto(`${server.url}/desk?area=410105`);
      await figures(page);
      // Click the 矛盾纠纷 bar on the chart's canvas itself.
      const chart = page.locator('[data-testid="desk-chart-category"]');
      await expect.poll(async () => JSON.parse((await chart.getAttribute('data-bars')) || '{}').MD !== undefined, POLL).toBe(true);
      const bar = JSON.parse((await chart.getAttribute('data-bars'))!).MD as [number, number];
      await chart.locator('.desk-chart-body').click({ position: { x: bar[0], y: bar[1] } });
      await expect.poll(() => search(page)).toBe('?area=410105&category=MD');
      const filtered = await figures(page);
      expect(filtered.table).toBe(filtered.received);
      expect(filtered.table).toBe(filtered.category);
      expect(filtered.table).toBe(filtered.ranking);
      await page.click(`[data-testid="desk-ranking"] button[data-code="${ranked[0]!.code}"]`);
      await expect.poll(() => search(page)).toBe(`?area=${ranked[0]!.code}&category=MD`);
      const a = await figures(page);
      const aRows = await page.locator('[data-testid="desk-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
      expect(await page.locator('[data-chip="category:MD"]').count()).toBe(1);
      writeFileSync(join(artifacts, 'desk-1366x768.png'), await page.screenshot());

      // The other order, from a fresh page: drill first, then the chart.
      await page.goto(`${server.url}/desk?area=410105`);
      await figures(page);
      await page.click(`[data-testid="desk-ranking"] button[data-code="${ranked[0]!.code}"]`);
      await expect.poll(() => search(page)).toBe(`?area=${ranked[0]!.code}`);
      await figures(page);
      await page.click('[data-testid="desk-chart-category"] .desk-chart-keys button[data-key="MD"]');
      await expect.poll(() => search(page)).toBe(`?area=${ranked[0]!.code}&category=MD`);
      expect(await figures(page)).toEqual(a);
      expect(await page.locator('[data-testid="desk-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')))).toEqual(aRows);

      // Back: the street without the filter; forward: with it again.
      await page.goBack();
      await expect.poll(() => search(page)).toBe(`?area=${ranked[0]!.code}`);
      expect((await figures(page)).table).toBe(ranked[0]!.count);
      expect(await page.locator('[data-chip="category:MD"]').count()).toBe(0);
      await page.goForward();
      await expect.poll(() => search(page)).toBe(`?area=${ranked[0]!.code}&category=MD`);
      expect(await figures(page)).toEqual(a);

      // The link copied into another window of the same person.
      const copy = await context.newPage();
      await copy.goto(page.url());
      expect(await figures(copy)).toEqual(a);
      expect(await copy.locator('[data-chip="category:MD"]').count()).toBe(1);
      // Clear all keeps the area.
      await copy.click('[data-testid="desk-clear"]');
      await expect.poll(() => search(copy)).toBe(`?area=${ranked[0]!.code}`);
      expect(errors, errors.join('\n')).toEqual([]);
    } catch (error) {
      await failedShot(page, '2');
      throw error;
    } finally {
      await context.close();
    }
  }, 240_000);

  it('an operator dispatches in one key; a stale version shows the conflict and keeps what was typed; an analyst gets no actions', async () => {
    const target = await post(gridsOf(ranked[0]!.code)[0]!.centroid, { description: '一键派遣测试' });
    await act(target.id, { type: 'register' });
    const { page, context, errors } = await signedIn('desk.operator');
    try {
      await page.goto(`${server.url}/desk?area=410105&status=registered`);
      await figures(page);
      const row = page.locator(`[data-testid="desk-table"] tbody tr[data-id="${target.id}"]`);
      // Keyboard: focus the first row, move to ours, open it with Enter.
      const ids = await page.locator('[data-testid="desk-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
      await page.locator('[data-testid="desk-table"] tbody tr').first().focus();
      for (let i = 0; i < ids.indexOf(target.id); i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      const panel = page.locator('[data-testid="desk-case-panel"]');
      await expect.poll(() => panel.getAttribute('data-status'), POLL).toBe('registered');
      expect(search(page)).toContain(`case=${target.id}`);
      await panel.focus();
      await page.keyboard.press('d');
      await expect.poll(() => panel.getAttribute('data-status'), POLL).toBe('dispatched');
      // The table (still filtered to registered) loads again and no longer lists it; without the filter it shows 已派遣.
      await expect.poll(() => row.count(), POLL).toBe(0);
      await page.click('[data-chip="status:registered"] button');
      await expect.poll(() => row.getAttribute('data-status'), POLL).toBe('dispatched');

      // Someone extends it meanwhile (the status stays, the version moves on); the operator's return is refused.
      const before = Number(await panel.getAttribute('data-version'));
      await page.fill('textarea[data-field="return"]', '不属于本单位职责');
      await act(target.id, { type: 'extend', reason: '需协调多部门' });
      await page.click('button[data-action="return"]');
      await expect.poll(() => page.locator('[data-testid="desk-conflict"]').count(), POLL).toBe(1);
      await expect.poll(() => panel.getAttribute('data-version'), POLL).toBe(String(before + 1));
      expect(await page.inputValue('textarea[data-field="return"]')).toBe('不属于本单位职责');
      // Tried again on the new version, it goes through.
      await page.click('button[data-action="return"]');
      await expect.poll(() => panel.getAttribute('data-status'), POLL).toBe('returned');
      expect(errors.filter((e) => !/status of 409/.test(e)), errors.join('\n')).toEqual([]);
    } catch (error) {
      await failedShot(page, '3');
      throw error;
    } finally {
      await context.close();
    }

    const analyst = await signedIn('desk.analyst');
    try {
      await analyst.page.goto(`${server.url}/desk?area=410105&case=${target.id}`);
      const panel = analyst.page.locator('[data-testid="desk-case-panel"]');
      await expect.poll(() => panel.getAttribute('data-status'), POLL).toBe('returned');
      expect(await analyst.page.locator('[data-action]').count()).toBe(0);
      expect(await analyst.page.textContent('[data-testid="desk-actions"]')).toContain('只读');
    } finally {
      await analyst.context.close();
    }
  }, 240_000);

  it('a district account never sees another district: not in search, on the map, nor in the table', async () => {
    const { page, context, errors } = await signedIn('desk.analyst');
    try {
      // A link to 中原区 opens the account's own area instead.
      await page.goto(`${server.url}/desk?area=${ZHONGYUAN}`);
      await expect.poll(() => search(page), POLL).toBe('?area=410105');
      const f = await figures(page);
      expect(f.table).toBeGreaterThanOrEqual(11);
      const ids = await page.locator('[data-testid="desk-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
      for (const id of zhongyuan) expect(ids).not.toContain(id);
      const anchors = JSON.parse((await page.getAttribute('[data-testid="wall-map"]', 'data-anchors')) ?? '{}') as Record<string, unknown>;
      expect(Object.keys(anchors).length).toBeGreaterThan(0);
      expect(Object.keys(anchors).every((code) => code.startsWith(JINSHUI))).toBe(true);
      // 中原区 by name and by its test address: nothing.
      for (const q of ['中原', '中原测试路']) {
        await page.fill('[data-testid="desk-search"]', q);
        await expect.poll(() => page.textContent('[data-testid="desk-search-results"]'), POLL).toBeTruthy();
        const shown = await page.locator('[data-testid="desk-search-results"] button').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-code') ?? b.getAttribute('data-case')));
        expect(shown.filter((c) => c?.startsWith(ZHONGYUAN) || zhongyuan.includes(c ?? ''))).toEqual([]);
      }
      expect(errors, errors.join('\n')).toEqual([]);
    } catch (error) {
      await failedShot(page, '4');
      throw error;
    } finally {
      await context.close();
    }
  }, 180_000);

  it('a grid worker at 390 px sees their cases first, accepts one and reports it handled with a note', async () => {
    const grid = gridsOf(ranked[1]!.code)[0]!;
    // Another worker's case of the same grid, reported first and more urgent (its deadline comes
    // first): without the link it would lead the list.
    const someoneElses = await post(grid.centroid, { description: '其他网格员的案件', category: 'MD', subcategory: 'MD01', urgency: 'major' });
    const theirs = await post(grid.centroid, { description: '网格员处置测试', category: 'MD', subcategory: 'MD01' });
    expect(someoneElses.grid).toBe(theirs.grid);
    // The account stands for a roster worker at home in the grid (accounts.worker_id); B is someone else serving it.
    const serving = server.roster.byGrid(theirs.grid);
    const worker = serving.find((w) => w.grids[0] === theirs.grid && w.kind === 'full_time') ?? serving.find((w) => w.grids[0] === theirs.grid)!;
    const other = serving.find((w) => w.id !== worker.id)!;
    await server.auth.createAccount({ username: 'desk.worker', name: '网格员小李', role: 'grid_worker', scope: theirs.grid, kind: 'person', password: PASSWORD, workerId: worker.id }, null);
    await server.auth.createAccount({ username: 'desk.worker.unlinked', name: '网格员小王', role: 'grid_worker', scope: theirs.grid, kind: 'person', password: PASSWORD }, null);
    await act(someoneElses.id, { type: 'register' });
    await act(someoneElses.id, { type: 'dispatch', assignee: other.id });
    await act(theirs.id, { type: 'register' });
    await act(theirs.id, { type: 'dispatch', assignee: worker.id });
    // An account linked to no roster worker: the grid's open work as before, with a hint saying so.
    const unlinked = await signedIn('desk.worker.unlinked', { width: 390, height: 844 });
    try {
      await unlinked.page.goto(`${server.url}/desk`);
      await expect.poll(() => unlinked.page.locator('[data-testid="desk-no-worker"]').count(), POLL).toBe(1);
      expect(await unlinked.page.locator('[data-testid="desk-no-worker"]').isVisible()).toBe(true);
      await expect.poll(() => unlinked.page.locator(`[data-testid="desk-my-cases"] button[data-id="${theirs.id}"]`).count(), POLL).toBe(1);
      expect(await unlinked.page.locator('[data-testid="desk-my-cases"] button[data-mine]').count()).toBe(0);
      expect(unlinked.errors, unlinked.errors.join('\n')).toEqual([]);
    } finally {
      await unlinked.context.close();
    }
    const { page, context, errors } = await signedIn('desk.worker', { width: 390, height: 844 });
    try {
      await page.goto(`${server.url}/desk`);
      const mine = page.locator(`[data-testid="desk-my-cases"] button[data-id="${theirs.id}"]`);
      await expect.poll(() => mine.count(), POLL).toBe(1);
      // Their own case is listed first, marked as theirs; the other worker's after it, not marked.
      expect(await page.getAttribute('[data-testid="desk-my-cases"]', 'data-worker')).toBe(worker.id);
      expect(await page.locator('[data-testid="desk-no-worker"]').count()).toBe(0);
      const listed = await page.locator('[data-testid="desk-my-cases"] li button').evaluateAll((bs) => bs.map((b) => [b.getAttribute('data-id'), b.getAttribute('data-mine')]));
      expect(listed[0]).toEqual([theirs.id, 'true']);
      expect(listed.find(([id]) => id === someoneElses.id)).toEqual([someoneElses.id, null]);
      expect(listed.filter(([, m]) => m === 'true').map(([id]) => id)).toEqual([theirs.id]);
      const box = await mine.boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      // Their work comes first on the page: above the figures and the map.
      const top = await page.evaluate(() => [document.querySelector('[data-testid="desk-my-cases"]')!.getBoundingClientRect().top, document.querySelector('[data-testid="desk-kpis"]')!.getBoundingClientRect().top]);
      expect(top[0]).toBeLessThan(top[1]!);
      // Nothing sticks out sideways: the page scrolls down only (a wide table scrolls in its own box).
      expect(await page.evaluate(() => document.querySelector('[data-testid="desk"]')!.scrollWidth)).toBeLessThanOrEqual(390);
      writeFileSync(join(artifacts, 'desk-390x844.png'), await page.screenshot());
      await mine.click();
      const panel = page.locator('[data-testid="desk-case-panel"]');
      await expect.poll(() => panel.getAttribute('data-status'), POLL).toBe('dispatched');
      await page.click('button[data-action="accept"]');
      await expect.poll(() => panel.getAttribute('data-status'), POLL).toBe('accepted');
      // A note is required: without one nothing is sent.
      await page.click('button[data-action="handle"]');
      await expect.poll(() => page.locator('[data-testid="desk-refused"]').count()).toBe(1);
      expect(await panel.getAttribute('data-status')).toBe('accepted');
      await page.fill('textarea[data-field="handle"]', '已现场调解，双方达成一致');
      await page.click('button[data-action="handle"]');
      await expect.poll(() => panel.getAttribute('data-status'), POLL).toBe('handled');
      writeFileSync(join(artifacts, 'desk-390x844-case.png'), await page.screenshot());
      const detail = await server.api.get(`/api/cases/${theirs.id}`);
      expect(detail.body.timeline.at(-1)).toMatchObject({ action: 'handle', note: '已现场调解，双方达成一致' });
      expect(errors, errors.join('\n')).toEqual([]);
    } catch (error) {
      await failedShot(page, '5');
      throw error;
    } finally {
      await context.close();
    }
  }, 180_000);

  it('counts new cases without moving the table, and shows them on request', async () => {
    const { page, context, errors } = await signedIn('desk.analyst');
    try {
      await page.goto(`${server.url}/desk?area=${ranked[2]!.code}`);
      const before = (await figures(page)).table;
      await expect.poll(() => page.textContent('[data-testid="desk-live"]'), POLL).toBe('实时');
      await post(gridsOf(ranked[2]!.code)[0]!.centroid, { description: '新案件计数测试' });
      await expect.poll(() => page.getAttribute('[data-testid="desk-new-cases"]', 'data-count'), POLL).toBe('1');
      expect(Number(await page.getAttribute('[data-testid="desk-table"]', 'data-total'))).toBe(before);
      await page.click('[data-testid="desk-new-cases"]');
      await expect.poll(() => page.getAttribute('[data-testid="desk-table"]', 'data-total'), POLL).toBe(String(before + 1));
      expect(errors, errors.join('\n')).toEqual([]);
    } catch (error) {
      await failedShot(page, '6');
      throw error;
    } finally {
      await context.close();
    }
  }, 120_000);
});
