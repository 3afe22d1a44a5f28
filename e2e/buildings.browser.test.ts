import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AreaDetail } from '../shared/src/api/areas.js';
import type { Building } from '../shared/src/city/buildings.js';
import { BUILDING_COLORS, type MapTone } from '../client/src/map/buildings/buildingColors.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureClientBuilt, pixelsOfColour, recordPage, waitForSettledMap } from './browserHarness.js';
import { startTestServer, type TestServer } from '../server/src/testing/testServer.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(repoRoot, 'test-artifacts');
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`\n!!! ${CHROMIUM_PATH} not found: SKIPPING the building browser tests (e2e/buildings.browser.test.ts).\n`);

const VIEWPORT = { width: 1920, height: 1080 };
const PASSWORD = 'a long enough secret';
const JINSHUI = '410105';
/** Software WebGL on a shared machine: generous bounds, polled. */
const POLL = { timeout: 150_000, interval: 500 };
const TEST_TIMEOUT_MS = 540_000;
/** Sum of channel differences within which a pixel has a layer's colour (the fills are opaque). */
const TOLERANCE = 30;
/** A request for a grid cell's node and its buildings. */
const GRID_AREA_REQUEST = /\/api\/areas\/\d{15}(\?|$)/;
const CASES_IN_FIRST = 2;
/** The desk's period: its cases were reported in it even when the test runs across midnight in Beijing. */
const PERIOD = '7d';
/** 一般 case points (URGENCY_COLORS.normal), opaque while open. */
const NORMAL_GREEN: [number, number, number] = [80, 255, 170];

type Anchor = [number, number, number];

describe.skipIf(!hasChromium)('a followed grid cell\'s buildings on the wall and the desk (headless Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let token: string;
  let grid: string;
  let community: string;
  let buildings: Building[];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    ensureClientBuilt(repoRoot);
    server = await startTestServer({ clientDir: join(repoRoot, 'client/dist') });
    const firstCommunity = server.model.children(server.model.children(JINSHUI)[0]!.code)[0]!;
    community = firstCommunity.code;
    grid = server.model.children(community)[0]!.code;
    buildings = ((await server.api.get(`/api/areas/${grid}`)).body as AreaDetail).children as Building[];
    expect(buildings.length).toBeGreaterThan(2);
    // Two open cases in the first building's footprint, none in the others.
    for (let i = 0; i < CASES_IN_FIRST; i++) {
      const [lon, lat] = buildings[0]!.centroid;
      const res = await server.api.post('/api/cases', { channel: 'hotline_12345', category: 'SR', subcategory: 'SR01', urgency: 'normal', lon, lat, description: `楼栋测试案件 ${i}`, address: `楼栋路${i}号` });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.case.area.grid).toBe(grid);
    }
    token = (await server.auth.createDevice({ label: '金水区大屏', scope: JINSHUI, kind: 'display' }, null)).token;
    await server.auth.createAccount({ username: 'buildings.analyst', name: '金水区分析员', role: 'analyst', scope: JINSHUI, kind: 'person', password: PASSWORD }, null);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const mapAttr = (page: Page, name: string) => page.getAttribute('[data-testid="wall-map"]', name);

  /** The map as drawn, and the buildings' screen anchors in its image's pixels ([x, y, colour class]). */
  async function drawnMap(page: Page): Promise<{ png: Buffer; anchors: Anchor[] }> {
    await waitForSettledMap(page);
    const map = page.locator('[data-testid="wall-map"]');
    await map.scrollIntoViewIfNeeded();
    const scale = await map.evaluate((el) => el.getBoundingClientRect().width / (el as HTMLElement).offsetWidth);
    const anchors = JSON.parse((await mapAttr(page, 'data-building-anchors')) ?? '[]') as Anchor[];
    return { png: await map.screenshot(), anchors: anchors.map(([x, y, k]) => [Math.round(x * scale), Math.round(y * scale), k]) };
  }

  /** The page's requests for a grid cell's details, as paths. */
  const gridRequests = (urls: readonly string[]) => urls.map((u) => new URL(u).pathname + new URL(u).search).filter((u) => GRID_AREA_REQUEST.test(u));

  const around = ([x, y]: Anchor, r: number) => ({ x: x - r, y: y - r, width: 2 * r + 1, height: 2 * r + 1 });
  const rgb = (c: readonly number[]): [number, number, number] => [c[0]!, c[1]!, c[2]!];

  /** The first building in its colour for two cases with a case point on it, the second in the colour for none. */
  async function expectBuildingsDrawn(page: Page, tone: MapTone, name: string): Promise<void> {
    await expect.poll(() => mapAttr(page, 'data-buildings'), POLL).toBe(String(buildings.length));
    await expect.poll(async () => (JSON.parse((await mapAttr(page, 'data-building-anchors')) ?? '[]') as Anchor[]).slice(0, 2).map((a) => a[2]), POLL).toEqual([2, 0]);
    const { png, anchors } = await drawnMap(page);
    writeFileSync(join(artifacts, `buildings-${name}.png`), png);
    const [first, second] = anchors;
    const colors = BUILDING_COLORS[tone];
    expect(await pixelsOfColour(browser, png, rgb(colors[2]!), TOLERANCE, around(first!, 14)), `${name}: the first building's colour`).toBeGreaterThan(6);
    expect(await pixelsOfColour(browser, png, NORMAL_GREEN, 60, around(first!, 4)), `${name}: a case point above it`).toBeGreaterThan(2);
    expect(await pixelsOfColour(browser, png, rgb(colors[0]!), TOLERANCE, around(second!, 14)), `${name}: the second building's colour`).toBeGreaterThan(6);
  }

  /** No building fetched or drawn: the page shows a level above the grid cell. */
  async function expectNoBuildings(page: Page, urls: string[], tone: MapTone, name: string): Promise<void> {
    await expect.poll(() => mapAttr(page, 'data-buildings'), POLL).toBe('0');
    const { png } = await drawnMap(page);
    writeFileSync(join(artifacts, `buildings-${name}.png`), png);
    for (const c of BUILDING_COLORS[tone]) expect(await pixelsOfColour(browser, png, rgb(c), 20), `${name}: pixels of ${c.join(',')}`).toBe(0);
    expect(urls.filter((u) => GRID_AREA_REQUEST.test(u))).toEqual([]);
  }

  it('the wall following a grid cell draws its buildings under the case points; following its community, none', async () => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const { urls, errors } = recordPage(page);
    try {
      await page.goto(`${server.url}/wall?area=${grid}&layers=points&alarm=0&device=${token}`);
      await expect.poll(() => mapAttr(page, 'data-selected'), POLL).toBe(grid);
      await expect.poll(() => mapAttr(page, 'data-case-points'), POLL).toBe(String(CASES_IN_FIRST));
      await expectBuildingsDrawn(page, 'dark', 'wall-grid');
      expect(await page.locator('[data-testid="building-legend"]').count()).toBe(1);
      // The KPI panel names the cell (useAreaNames; the overview names streets at most): names and buildings came from one request.
      await expect.poll(() => page.textContent('[data-testid="live-panel"] h2'), POLL).toContain(server.model.node(grid)!.name);
      expect(gridRequests(urls), 'requests for the grid cell').toEqual([`/api/areas/${grid}`]);

      urls.length = 0;
      await page.goto(`${server.url}/wall?area=${community}&layers=points&alarm=0&device=${token}`);
      await expect.poll(() => mapAttr(page, 'data-selected'), POLL).toBe(community);
      await expectNoBuildings(page, urls, 'dark', 'wall-community');
      expect(await page.locator('[data-testid="building-legend"]').count()).toBe(0);
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await page.close();
    }
  }, TEST_TIMEOUT_MS);

  it('the desk drilled to a grid cell draws its buildings in either theme; at its community, none', async () => {
    const login = await server.auth.login('buildings.analyst', PASSWORD, null);
    if (!login.ok) throw new Error('sign-in failed');
    const context = await browser.newContext({ viewport: VIEWPORT });
    await context.addCookies([{ name: 'cityops_session', value: login.token, url: server.url }]);
    const page = await context.newPage();
    const { urls, errors } = recordPage(page);
    try {
      for (const tone of ['light', 'dark'] as const) {
        urls.length = 0;
        await page.goto(`${server.url}/desk?area=${grid}&period=${PERIOD}${tone === 'dark' ? '&theme=dark' : ''}`);
        await expect.poll(() => mapAttr(page, 'data-cases'), POLL).toBe(String(CASES_IN_FIRST));
        // The cell's outline (its district's detail) has arrived: the map frames it.
        await expect.poll(() => mapAttr(page, 'data-children'), POLL).toBe('1');
        await expectBuildingsDrawn(page, tone, `desk-grid-${tone}`);
        // The breadcrumb names the cell: its names and its buildings came from one request.
        await expect.poll(() => page.textContent('[data-testid="desk-breadcrumb"]'), POLL).toContain(server.model.node(grid)!.name);
        expect(gridRequests(urls), `${tone}: requests for the grid cell`).toEqual([`/api/areas/${grid}`]);
      }

      urls.length = 0;
      await page.goto(`${server.url}/desk?area=${community}&period=${PERIOD}`);
      await expect.poll(() => mapAttr(page, 'data-area'), POLL).toBe(community);
      await expect.poll(async () => Number(await mapAttr(page, 'data-children')), POLL).toBe(server.model.children(community).length);
      await expect.poll(() => mapAttr(page, 'data-cases'), POLL).toBe(String(CASES_IN_FIRST));
      await expectNoBuildings(page, urls, 'light', 'desk-community');
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await context.close();
    }
  }, TEST_TIMEOUT_MS);
});
