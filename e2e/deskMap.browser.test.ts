import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureClientBuilt, recordPage } from './browserHarness.js';
import { POLL, deskFigures, searchOf, tableIds } from './deskPage.js';
import { startTestServer, type TestServer } from '../server/src/testing/testServer.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(repoRoot, 'test-artifacts');
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`\n!!! ${CHROMIUM_PATH} not found: SKIPPING the desk map browser tests (e2e/deskMap.browser.test.ts).\n`);

const PASSWORD = 'a long enough secret';
const JINSHUI = '410105';
const ZHONGYUAN = '410102';
/** The table's page (CaseTable PAGE_SIZE): the seeds below hold more than one page. */
const PAGE = 20;
const MAJOR = 24;
const NORMAL = 9;

describe.skipIf(!hasChromium)('the desk map (/desk) draws every case of the filter state', () => {
  let server: TestServer;
  let browser: Browser;
  let n = 0;
  /** What each posted case said, by id. */
  const posted = new Map<string, { description: string; address: string }>();

  async function post(lonLat: [number, number], over: Record<string, unknown> = {}): Promise<{ id: string; district: string; grid: string }> {
    const res = await server.api.post('/api/cases', { channel: 'hotline_12345', category: 'SR', subcategory: 'SR01', urgency: 'normal', lon: lonLat[0], lat: lonLat[1], description: `地图测试案件 ${n++}`, address: `地图路${n}号`, ...over });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    posted.set(res.body.id, { description: res.body.case.description, address: res.body.case.address });
    return { id: res.body.id, district: res.body.case.area.district, grid: res.body.case.area.grid };
  }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    ensureClientBuilt(repoRoot);
    server = await startTestServer({ clientDir: join(repoRoot, 'client/dist') });
    // 金水区: cases spread over the grids of its first streets, more 重大 ones than a table page holds.
    const grids = server.model
      .children(JINSHUI)
      .slice(0, 4)
      .flatMap((s) => server.model.children(s.code).flatMap((c) => server.model.children(c.code)).slice(0, 4));
    for (let i = 0; i < MAJOR + NORMAL; i++) {
      const c = await post(grids[i % grids.length]!.centroid, { urgency: i < MAJOR ? 'major' : 'normal' });
      expect(c.district).toBe(JINSHUI);
    }
    // One case of another category, another street.
    const own = server.model.children(server.model.children(server.model.children(JINSHUI)[5]!.code)[0]!.code)[0]!;
    await post(own.centroid, { category: 'MD', subcategory: 'MD01' });
    // Another district's cases: never on 金水区's map.
    const other = server.model.children(server.model.children(server.model.children(ZHONGYUAN)[0]!.code)[0]!.code)[0]!;
    for (let i = 0; i < 3; i++) await post(other.centroid, { urgency: 'major' });
    await server.auth.createAccount({ username: 'map.analyst', name: '金水区分析员', role: 'analyst', scope: JINSHUI, kind: 'person', password: PASSWORD }, null);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
    const login = await server.auth.login('map.analyst', PASSWORD, null);
    if (!login.ok) throw new Error('sign-in failed');
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    await context.addCookies([{ name: 'cityops_session', value: login.token, url: server.url }]);
    const page = await context.newPage();
    return { page, context, errors: recordPage(page).errors };
  }

  const mapAttr = (page: Page, name: string) => page.getAttribute('[data-testid="wall-map"]', name);

  it('holds as many points as the table has cases, more than one page, for each filter state', async () => {
    const { page, context, errors } = await signedIn();
    try {
      const states: [string, number][] = [
        ['?area=410105', MAJOR + NORMAL + 1],
        ['?area=410105&urgency=major', MAJOR],
        ['?area=410105&urgency=normal', NORMAL + 1],
      ];
      for (const [query, expected] of states) {
        await page.goto(`${server.url}/desk${query}`);
        const f = await deskFigures(page);
        expect(f.table, query).toBe(expected);
        // The points are the filter state's cases, not the table's page.
        await expect.poll(() => mapAttr(page, 'data-cases'), POLL).toBe(String(f.table));
        expect(await mapAttr(page, 'data-cases-total')).toBe(String(f.table));
        if (f.table > PAGE) expect((await tableIds(page)).length).toBe(PAGE);
        expect(await page.locator('[data-testid="desk-map-capped"]').count()).toBe(0);
      }
      // A filter chosen on the page moves the points with the table.
      await page.goto(`${server.url}/desk?area=410105&urgency=major`);
      await expect.poll(() => mapAttr(page, 'data-cases'), POLL).toBe(String(MAJOR));
      // Software WebGL on a busy machine can keep the page from answering a click for a while.
      await page.click('[data-chip="urgency:major"] button', { timeout: 120_000 });
      await expect.poll(() => searchOf(page), POLL).toBe('?area=410105');
      const all = await deskFigures(page);
      await expect.poll(() => mapAttr(page, 'data-cases'), POLL).toBe(String(all.table));
      writeFileSync(join(artifacts, 'desk-map-points.png'), await page.screenshot());
      expect(errors, errors.join('\n')).toEqual([]);
    } catch (error) {
      writeFileSync(join(artifacts, 'desk-map-failed.png'), await page.screenshot().catch(() => Buffer.alloc(0)));
      throw error;
    } finally {
      await context.close();
    }
  }, 420_000);

  it('opens the side panel of the case whose point is clicked', async () => {
    const { page, context, errors } = await signedIn();
    try {
      await page.goto(`${server.url}/desk?area=410105&urgency=normal`);
      // Only the map is waited for here (the figures are the test above's).
      const f = { table: NORMAL + 1 };
      await expect.poll(() => mapAttr(page, 'data-cases'), POLL).toBe(String(f.table));
      // DeskMap writes where each drawn point is on screen (data-case-points, map CSS pixels) after
      // every move, like the areas' anchors: a point alone (nothing else within 12 px) inside the map.
      const box = (await page.locator('[data-testid="wall-map"]').boundingBox())!;
      const lone = async (): Promise<[string, [number, number]] | null> => {
        const at = JSON.parse((await mapAttr(page, 'data-case-points')) ?? '{}') as Record<string, [number, number]>;
        const entries = Object.entries(at);
        if (entries.length !== f.table) return null;
        return (
          entries.find(([seq, [x, y]]) => x > 20 && y > 20 && x < box.width - 20 && y < box.height - 20 && entries.every(([other, [ox, oy]]) => other === seq || Math.hypot(ox - x, oy - y) > 12)) ?? null
        );
      };
      await expect.poll(lone, POLL).not.toBeNull();
      const [seq, [x, y]] = (await lone())!;
      // A point names its case by the store's seq; the case's id is what the panel and the URL show.
      const bySeq = await context.request.get(`${server.url}/api/cases/by-seq/${seq}`);
      expect(bySeq.status()).toBe(200);
      const id = ((await bySeq.json()) as { id: string }).id;
      expect(posted.has(id)).toBe(true);
      expect(await page.locator('[data-testid="desk-case-panel"]').count()).toBe(0);
      // Software WebGL on a busy machine can keep the page from answering a click for a while.
      await page.mouse.click(box.x + x, box.y + y);
      const panel = page.locator('[data-testid="desk-case-panel"]');
      await expect.poll(() => panel.getAttribute('data-id'), POLL).toBe(id);
      await expect.poll(() => panel.getAttribute('data-status'), POLL).toBe('reported');
      expect(await panel.locator('.desk-case-facts dd.mono').first().textContent()).toBe(id);
      expect(await panel.locator('.desk-description').textContent()).toBe(posted.get(id)!.description);
      expect(await panel.textContent()).toContain(posted.get(id)!.address);
      expect(new URL(page.url()).searchParams.get('case')).toBe(id);
      writeFileSync(join(artifacts, 'desk-map-point-click.png'), await page.screenshot());
      expect(errors, errors.join('\n')).toEqual([]);
    } catch (error) {
      writeFileSync(join(artifacts, 'desk-map-click-failed.png'), await page.screenshot().catch(() => Buffer.alloc(0)));
      throw error;
    } finally {
      await context.close();
    }
  }, 300_000);

  it('shows a tooltip over a case point (its id, names and status) and over a child area (its name and cases)', async () => {
    const { page, context, errors } = await signedIn();
    try {
      await page.goto(`${server.url}/desk?area=${JINSHUI}&urgency=normal`);
      const f = { table: NORMAL + 1 };
      await expect.poll(() => mapAttr(page, 'data-cases'), POLL).toBe(String(f.table));
      const box = (await page.locator('[data-testid="wall-map"]').boundingBox())!;
      const inside = ([x, y]: [number, number]) => x > 40 && y > 40 && x < box.width - 40 && y < box.height - 40;
      const points = async () => {
        const at = JSON.parse((await mapAttr(page, 'data-case-points')) ?? '{}') as Record<string, [number, number]>;
        return Object.entries(at).length === f.table ? Object.entries(at) : null;
      };
      await expect.poll(points, POLL).not.toBeNull();
      const all = (await points())!;
      const far = (x: number, y: number, px: number, seq?: string) => all.every(([other, [ox, oy]]) => other === seq || Math.hypot(ox - x, oy - y) > px);
      const [seq, [x, y]] = all.find(([s, p]) => inside(p) && far(p[0], p[1], 12, s))!;
      const id = ((await (await context.request.get(`${server.url}/api/cases/by-seq/${seq}`)).json()) as { id: string }).id;
      const tooltip = page.locator('[data-testid="map-tooltip"]');
      expect(await tooltip.count()).toBe(0);

      // Over the point: its case, in the table's words (SR01 暴露垃圾, 一般, 待立案).
      await page.mouse.move(box.x + x, box.y + y);
      await expect.poll(() => tooltip.textContent(), POLL).toContain(id);
      const text = (await tooltip.textContent())!;
      for (const part of ['市容环境', '暴露垃圾', '一般', '待立案']) expect(text).toContain(part);
      const shown = (await tooltip.boundingBox())!;
      expect(shown.x >= 0 && shown.y >= 0 && shown.x + shown.width <= 1920 && shown.y + shown.height <= 1080).toBe(true);

      // Over a street's anchor with no case point near: the street's name and its cases (案件数).
      const anchors = JSON.parse((await mapAttr(page, 'data-anchors')) ?? '{}') as Record<string, [number, number]>;
      const [code, [ax, ay]] = Object.entries(anchors).find(([, p]) => inside(p) && far(p[0], p[1], 30))!;
      await page.mouse.move(box.x + ax, box.y + ay);
      const name = server.model.node(code)!.name;
      await expect.poll(() => tooltip.textContent(), POLL).toContain(name);
      expect(await tooltip.textContent()).toContain('案件数');
      writeFileSync(join(artifacts, 'desk-map-tooltip.png'), await page.screenshot());

      // Off the map: no tooltip.
      await page.mouse.move(box.x + box.width / 2, box.y + box.height + 200);
      await expect.poll(() => tooltip.count(), POLL).toBe(0);
      expect(errors, errors.join('\n')).toEqual([]);
    } catch (error) {
      writeFileSync(join(artifacts, 'desk-map-tooltip-failed.png'), await page.screenshot().catch(() => Buffer.alloc(0)));
      throw error;
    } finally {
      await context.close();
    }
  }, 300_000);
});
