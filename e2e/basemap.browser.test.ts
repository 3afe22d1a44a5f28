import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, countPixels, ensureClientBuilt, recordPage, waitForSettledMap } from './browserHarness.js';
import { zh } from '../client/src/i18n/strings.js';
import { startTestServer, type TestServer } from '../server/src/testing/testServer.js';
import { basemapOf } from '../server/src/wall/basemap.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const VIEWPORT = { width: 1920, height: 1080 };
/** The free middle of the 1920×1080 design canvas, between the panels (as in wall.browser.test.ts). */
const MAP_CLIP = { x: 500, y: 110, width: 760, height: 730 };
/** The basemap's background: a magenta the wall's own theme never draws. */
const BASEMAP_RGB: [number, number, number] = [214, 40, 160];
const OFFLINE_RGB: [number, number, number] = [5, 11, 24]; // darkTheme.background
/** Software WebGL: a wall opens and settles in 15–45 s here, more on a loaded machine. */
const TEST_TIMEOUT_MS = 120_000;

const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`\n!!! ${CHROMIUM_PATH} not found: SKIPPING the basemap browser test (e2e/basemap.browser.test.ts).\n`);

/**
 * Stands for a tile server on the user's network: a style with one background layer and a GeoJSON
 * source (which maplibre fetches from its worker, so the worker's policy is exercised too).
 */
async function startStyleServer(): Promise<{ server: Server; origin: string; paths: string[]; styleStatus: { code: number } }> {
  const paths: string[] = [];
  const styleStatus = { code: 200 };
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/style.json' && styleStatus.code === 200) {
      send(200, {
        version: 8,
        name: 'lan-test',
        sources: { spot: { type: 'geojson', data: `${origin}/spot.geojson` } },
        layers: [
          { id: 'background', type: 'background', paint: { 'background-color': `rgb(${BASEMAP_RGB.join(',')})` } },
          { id: 'spot', type: 'circle', source: 'spot', paint: { 'circle-radius': 2, 'circle-color': '#ffffff' } },
        ],
      });
    } else if (req.url === '/spot.geojson') {
      send(200, { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [113.6, 34.7] } }] });
    } else {
      send(404, { error: 'not found' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths, styleStatus };
}

describe.skipIf(!hasChromium)('the wall over a basemap style on the user network, in headless Chromium', () => {
  let styles: Awaited<ReturnType<typeof startStyleServer>>;
  let server: TestServer;
  let deviceToken: string;
  let browser: Browser;

  beforeAll(async () => {
    ensureClientBuilt(repoRoot);
    styles = await startStyleServer();
    server = await startTestServer({ clientDir: join(repoRoot, 'client/dist'), basemap: basemapOf(`${styles.origin}/style.json`, undefined) });
    deviceToken = (await server.auth.createDevice({ label: '测试大屏', scope: server.model.cityCode, kind: 'display' }, null)).token;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => styles?.server.close(resolve));
  });

  /** Opens the wall with its device link, recording requests, errors and CSP violations from the start. */
  async function openWall(): Promise<{ page: Page; urls: string[]; errors: string[]; violations: () => Promise<string[]> }> {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const { urls, errors } = recordPage(page);
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI} (${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample})`));
    });
    await page.goto(`${server.url}/wall?device=${deviceToken}`);
    await page.waitForSelector('[data-testid="wall-map"] canvas', { timeout: 60_000 });
    const violations = () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    return { page, urls, errors, violations };
  }

  const mapPixels = async (page: Page, background: [number, number, number]) => countPixels(browser, await page.screenshot({ clip: MAP_CLIP }), background);

  it('draws its areas over the style from the user network, under the CSP, reaching no other host', async () => {
    styles.styleStatus.code = 200;
    styles.paths.length = 0;
    const { page, urls, errors, violations } = await openWall();
    try {
      const map = page.locator('[data-testid="wall-map"]');
      await expect.poll(() => map.getAttribute('data-basemap'), { timeout: 60_000 }).toBe('shown');
      await waitForSettledMap(page);
      expect(styles.paths).toContain('/style.json');
      // Fetched by maplibre's worker: its policy admits the user's host as well.
      await expect.poll(() => styles.paths.includes('/spot.geojson'), { timeout: 30_000 }).toBe(true);
      const pixels = await mapPixels(page, BASEMAP_RGB);
      console.info('[basemap pixels]', pixels);
      // The basemap's colour shows around the city; deck.gl's amber district borders lie over it.
      expect((pixels.total - pixels.drawn) / pixels.total).toBeGreaterThan(0.1);
      expect(pixels.amber).toBeGreaterThan(2_000);
      expect(await page.locator('[data-testid="basemap-notice"]').count()).toBe(0);
      const offHost = urls.filter((u) => !u.startsWith(`${server.url}/`) && !u.startsWith(`${styles.origin}/`) && !/^(data|blob):/.test(u));
      expect(offHost).toEqual([]);
      expect(await violations()).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, TEST_TIMEOUT_MS);

  it('keeps drawing on the offline background, and says so, when the style does not load', async () => {
    styles.styleStatus.code = 404;
    const { page, errors, violations } = await openWall();
    try {
      const map = page.locator('[data-testid="wall-map"]');
      await expect.poll(() => map.getAttribute('data-basemap'), { timeout: 60_000 }).toBe('failed');
      await expect.poll(() => page.textContent('[data-testid="basemap-notice"]'), { timeout: 30_000 }).toBe(zh.basemapFailed);
      await waitForSettledMap(page);
      const pixels = await mapPixels(page, OFFLINE_RGB);
      console.info('[basemap failed pixels]', pixels);
      // The whole city as on an offline wall: its silhouette and amber district borders.
      expect(pixels.drawn / pixels.total).toBeGreaterThan(0.2);
      expect(pixels.amber).toBeGreaterThan(2_000);
      expect(await violations()).toEqual([]);
      // Chromium logs the 404 itself; nothing else may fail.
      expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
    } finally {
      await page.close();
    }
  }, TEST_TIMEOUT_MS);
});
