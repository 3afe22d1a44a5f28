import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCaseColumns } from '../shared/src/columnar/caseColumns.js';
import { OPEN_STATUSES } from '../shared/src/cases/caseModel.js';
import { changedPixels, CHROMIUM_ARGS, CHROMIUM_PATH, ensureClientBuilt, pixelsOfColour, recordPage, waitForSettledMap } from './browserHarness.js';
import { startTestServer, type TestServer } from '../server/src/testing/testServer.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(repoRoot, 'test-artifacts');
const VIEWPORT = { width: 1920, height: 1080 };
/** The free middle of the 1920×1080 design canvas (client/src/wall/layout/panelLayout.ts): the map shows there. */
const MAP_CLIP = { x: 500, y: 110, width: 760, height: 730 };
/** 重大 points (URGENCY_COLORS.major), opaque while reported. */
const MAJOR_RED: [number, number, number] = [255, 50, 60];
/** Generous: the machine may be shared with other builds and browsers (software WebGL). */
const POLL = { timeout: 150_000, interval: 500 };
const TEST_TIMEOUT_MS = 540_000;
/** The central districts: at city level they lie in the free middle of the wall. */
const CENTRE = ['410102', '410103', '410104', '410105'];
const JINSHUI = '410105';
/** More than the latest 100 the wall drew before. */
const CASES = 160;

const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`\n!!! ${CHROMIUM_PATH} not found: SKIPPING the map browser tests (e2e/map.browser.test.ts).\n`);

describe.skipIf(!hasChromium)('the map carries every open case (case columns) in headless Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let cityToken: string;
  let jinshuiToken: string;
  /** One 金水区 case the test closes. */
  let closing: string;

  /** Grid cells spread over a district: every k-th cell of its streets' communities. */
  function spreadGrids(district: string, n: number): [number, number][] {
    const grids = server.model.children(district).flatMap((s) => server.model.children(s.code).flatMap((c) => server.model.children(c.code)));
    const step = Math.max(1, Math.floor(grids.length / n));
    return Array.from({ length: n }, (_, i) => grids[(i * step) % grids.length]!.centroid as [number, number]);
  }

  const body = (at: [number, number], i: number) => ({ channel: 'hotline_12345', category: 'SR', subcategory: 'SR01', urgency: 'major', lon: at[0], lat: at[1], description: `全量上图测试 ${i}`, address: `测试路${i}号` });

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    ensureClientBuilt(repoRoot);
    server = await startTestServer({ clientDir: join(repoRoot, 'client/dist') });
    const places = CENTRE.flatMap((d) => spreadGrids(d, CASES / CENTRE.length));
    const res = await server.api.post('/api/cases', places.map(body));
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBeLessThan(300);
    const one = await server.api.post('/api/cases', body(spreadGrids(JINSHUI, 1)[0]!, CASES));
    expect(one.status).toBe(201);
    closing = one.body.id as string;
    cityToken = (await server.auth.createDevice({ label: '全量测试大屏', scope: server.model.cityCode, kind: 'display' }, null)).token;
    jinshuiToken = (await server.auth.createDevice({ label: '金水区大屏', scope: JINSHUI, kind: 'display' }, null)).token;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openWall(search: string, token: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const { errors } = recordPage(page);
    await page.goto(`${origin()}/wall${search}&device=${token}`);
    await page.waitForSelector('[data-testid="wall-map"] canvas', { state: 'attached', timeout: 150_000 });
    return { page, errors };
  }
  const origin = () => new URL(server.url).origin;
  const mapAttr = (page: Page, name: string) => page.getAttribute('[data-testid="wall-map"]', name);

  it('draws more than 100 points and the street choropleth at city level; a case closed through the API leaves', async () => {
    // The same wall capped at 100 points (?points=100): what the latest-100 layer could show at most.
    const capped = await openWall('?layers=points&points=100&alarm=0', cityToken);
    await expect.poll(() => mapAttr(capped.page, 'data-case-points'), POLL).toBe('100');
    await expect.poll(() => mapAttr(capped.page, 'data-case-points-omitted'), POLL).toBe(String(CASES + 1 - 100));
    expect(await capped.page.textContent('[data-testid="map-omitted"]')).toContain(String(CASES + 1));
    await waitForSettledMap(capped.page, 1500, 150_000);
    const cappedRed = await pixelsOfColour(browser, await capped.page.screenshot({ clip: MAP_CLIP }), MAJOR_RED, 40);
    await capped.page.close();

    const { page, errors } = await openWall('?layers=points&alarm=0', cityToken);
    await expect.poll(() => mapAttr(page, 'data-case-points'), POLL).toBe(String(CASES + 1));
    expect(await mapAttr(page, 'data-case-points-omitted')).toBe('0');
    await waitForSettledMap(page, 1500, 150_000);
    const shot = await page.screenshot({ clip: MAP_CLIP });
    writeFileSync(join(artifacts, 'map-all-points.png'), shot);
    const allRed = await pixelsOfColour(browser, shot, MAJOR_RED, 40);
    // 161 points against 100 of them: clearly more red, even where a few overlap.
    expect(cappedRed).toBeGreaterThan(0);
    expect(allRed).toBeGreaterThan(cappedRed * 1.3);

    // Closed through the API (不予立案 ends a case): the live delta takes it off the map.
    const loads = await mapAttr(page, 'data-case-points-loads');
    const res = await server.api.post(`/api/cases/${closing}/actions`, { type: 'reject', reason: '重复' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await expect.poll(() => mapAttr(page, 'data-case-points'), POLL).toBe(String(CASES));
    // ... from the delta, not from a reload of the whole area.
    expect(await mapAttr(page, 'data-case-points-loads')).toBe(loads);
    expect(errors).toEqual([]);
    await page.close();

    // Streets at city level: the choropleth alone against no live layer at all.
    const none = await openWall('?layers=&alarm=0', cityToken);
    await waitForSettledMap(none.page, 1500, 150_000);
    const bare = await none.page.screenshot({ clip: MAP_CLIP });
    await none.page.close();
    const fill = await openWall('?layers=choropleth&alarm=0', cityToken);
    await waitForSettledMap(fill.page, 1500, 150_000);
    await expect.poll(() => fill.page.getAttribute('[data-testid="wall-map"]', 'data-layers-seq'), POLL).not.toBe('');
    await waitForSettledMap(fill.page, 1500, 150_000);
    const filled = await fill.page.screenshot({ clip: MAP_CLIP });
    writeFileSync(join(artifacts, 'map-street-choropleth.png'), filled);
    expect(await mapAttr(fill.page, 'data-grids-drawn')).toBe('0'); // no cell is drawn: the colour is the streets'
    // The filled streets hold the 160 cases: dozens of streets, each thousands of pixels.
    expect(await changedPixels(browser, bare, filled)).toBeGreaterThan(5_000);
    await fill.page.close();
  }, TEST_TIMEOUT_MS);

  it("a district wall receives only its district's open cases: the same ids as GET /api/cases", async () => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const { errors } = recordPage(page);
    const answer = page.waitForResponse((r) => r.url().includes('/api/map/cases'), { timeout: 150_000 });
    await page.goto(`${origin()}/wall?area=${JINSHUI}&layers=points&alarm=0&device=${jinshuiToken}`);
    const response = await answer;
    expect(response.status()).toBe(200);
    const raw = await response.body();
    const columns = decodeCaseColumns(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer);
    // Points name cases by the store's seq: the store says which case each one is.
    const seqs = Array.from(columns.seq);
    const rows = await server.store.sql.all<{ id: string }>(`SELECT id FROM cases WHERE seq IN (${seqs.map(() => '?').join(', ')})`, seqs);
    expect(rows).toHaveLength(seqs.length);
    const received = rows.map((r) => r.id).sort();
    const listed = await page.evaluate(async (url) => {
      const r = await fetch(url);
      if (!r.ok) throw new Error(`${url}: ${r.status}`);
      return ((await r.json()) as { items: { id: string }[] }).items.map((c) => c.id);
    }, `/api/cases?area=${JINSHUI}&status=${[...OPEN_STATUSES].join(',')}&limit=500`);
    expect(received.length).toBeGreaterThan(0);
    expect(received).toEqual(listed.sort());
    // Every point lies in 金水区's cases and nowhere else: none of the other districts' 120.
    const cityList = await server.api.get(`/api/cases?area=410102&limit=500`);
    const zhongyuan = new Set((cityList.body.items as { id: string }[]).map((c) => c.id));
    expect(zhongyuan.size).toBeGreaterThan(0);
    expect(received.filter((id) => zhongyuan.has(id))).toEqual([]);
    await expect.poll(() => page.getAttribute('[data-testid="wall-map"]', 'data-case-points'), POLL).toBe(String(received.length));
    expect(errors).toEqual([]);
    await page.close();
  }, TEST_TIMEOUT_MS);
});
