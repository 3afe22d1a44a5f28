import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedPixels, CHROMIUM_ARGS, CHROMIUM_PATH, countPixels, ensureClientBuilt, recordPage, subscribedArea, waitForSettledMap, type PixelCounts } from './browserHarness.js';
import { en, zh } from '../client/src/i18n/strings.js';
import { startTestServer, type TestServer } from '../server/src/testing/testServer.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(repoRoot, 'test-artifacts');
const VIEWPORT = { width: 1920, height: 1080 };
/**
 * The free middle of the 1920×1080 design canvas, between the panel columns and below the title
 * (client/src/wall/layout/panelLayout.ts), in design units: the map shows there.
 */
const MAP_CLIP = { x: 500, y: 110, width: 760, height: 730 };
/** The same region on a screen `scale` CSS pixels per design unit. */
const scaledClip = (scale: number) => ({ x: MAP_CLIP.x * scale, y: MAP_CLIP.y * scale, width: MAP_CLIP.width * scale, height: MAP_CLIP.height * scale });
type Rect = { left: number; top: number; width: number; height: number };
const BACKGROUND: [number, number, number] = [5, 11, 24]; // darkTheme.background #050b18
/** Software WebGL: 15–45 s per test measured, more on a loaded machine. */
const TEST_TIMEOUT_MS = 120_000;

const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) {
  console.warn(`\n!!! ${CHROMIUM_PATH} not found: SKIPPING the wall browser tests (e2e/wall.browser.test.ts).\n!!! Install Debian's chromium and fonts-noto-cjk to run them.\n`);
}

interface OpenedWall {
  page: Page;
  /** Every URL the page requested, in order. */
  urls: string[];
  /** Uncaught exceptions and console.error lines from the page. */
  errors: string[];
}

describe.skipIf(!hasChromium)('the wall in headless Chromium', () => {
  /** The real server (port 0, empty data, simulator off), or null when WALL_TEST_SERVER_URL is set. */
  let server: TestServer | null = null;
  let origin: string;
  /** The wall's display-device token: each page signs in with it like a real wall (GET /wall?device=). */
  let deviceToken: string;
  let browser: Browser;
  let overviewPixels: PixelCounts | undefined;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    const external = process.env.WALL_TEST_SERVER_URL;
    if (external) {
      // e.g. `npm start` then WALL_TEST_SERVER_URL=http://127.0.0.1:8080 WALL_TEST_DEVICE_TOKEN=<the
      // token of the wall link in DATA_DIR/demo-accounts.txt>: tests the real server end to end.
      origin = new URL(external).origin;
      deviceToken = process.env.WALL_TEST_DEVICE_TOKEN ?? '';
    } else {
      ensureClientBuilt(repoRoot);
      server = await startTestServer({ clientDir: join(repoRoot, 'client/dist') });
      origin = new URL(server.url).origin;
      deviceToken = (await server.auth.createDevice({ label: '测试大屏', scope: server.model.cityCode, kind: 'display' }, null)).token;
    }
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A square of ±`half` px around a point on the map, from the view's bounds (Web Mercator between them). */
  async function clipAround(map: Locator, lon: number, lat: number, half: number): Promise<{ x: number; y: number; width: number; height: number }> {
    const [west, south, east, north] = ((await map.getAttribute('data-bounds')) ?? '').split(',').map(Number) as [number, number, number, number];
    const box = (await map.boundingBox())!;
    const mercY = (l: number) => Math.log(Math.tan(Math.PI / 4 + (l * Math.PI) / 360));
    const x = box.x + ((lon - west) / (east - west)) * box.width;
    const y = box.y + ((mercY(north) - mercY(lat)) / (mercY(north) - mercY(south))) * box.height;
    return { x: Math.round(x - half), y: Math.round(y - half), width: 2 * half, height: 2 * half };
  }

  /** `watch` runs before the page loads (to see its websocket from the start). */
  async function openWall(search: string, viewport = VIEWPORT, deviceScaleFactor = 1, watch?: (page: Page) => void | Promise<void>, token = deviceToken): Promise<OpenedWall> {
    const page = await browser.newPage({ viewport, deviceScaleFactor });
    await watch?.(page);
    const { urls, errors } = recordPage(page);
    // The device token becomes the page's session cookie and leaves the URL (a 302 without it).
    await page.goto(`${origin}/wall${search}${search ? '&' : '?'}device=${token}`);
    expect(page.url()).not.toContain('device=');
    await page.waitForSelector('[data-testid="wall-map"] canvas', { timeout: 60_000 });
    return { page, urls, errors };
  }

  function expectOnlyTestServer(urls: readonly string[]): void {
    // data: and blob: URLs never leave the page; everything else must go to the test server.
    const offHost = urls.filter((u) => !u.startsWith(`${origin}/`) && !/^(data|blob):/.test(u));
    expect(offHost).toEqual([]);
  }

  async function screenshot(page: Page, name: string, scale = 1): Promise<PixelCounts> {
    writeFileSync(join(artifacts, `${name}.png`), await page.screenshot());
    return countPixels(browser, await page.screenshot({ clip: scaledClip(scale) }), BACKGROUND);
  }

  /** Bounding rectangles (CSS pixels) and drawing-buffer sizes of the wall's layers. */
  async function layers(page: Page) {
    return page.evaluate(() => {
      const rect = (selector: string): Rect | null => {
        const r = document.querySelector(selector)?.getBoundingClientRect();
        return r ? { left: r.left, top: r.top, width: r.width, height: r.height } : null;
      };
      const buffer = (selector: string): [number, number] | null => {
        const c = document.querySelector<HTMLCanvasElement>(selector);
        return c ? [c.width, c.height] : null;
      };
      return {
        canvas: rect('[data-testid="wall-canvas"]'),
        mapLayer: rect('[data-testid="wall-map-layer"]'),
        map: rect('[data-testid="wall-map"] canvas'),
        mapBuffer: buffer('[data-testid="wall-map"] canvas'),
        chart: rect('[data-testid="category-chart"] canvas'),
        chartBuffer: buffer('[data-testid="category-chart"] canvas'),
      };
    });
  }

  /** A drawing buffer with the device pixels of its on-screen box (±1): the CSS transform neither blurs nor wastes it. */
  function expectSharp(rect: Rect | null, buffer: [number, number] | null, dpr: number): void {
    expect(rect).not.toBeNull();
    expect(buffer).not.toBeNull();
    expect(Math.abs(buffer![0] - rect!.width * dpr)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(buffer![1] - rect!.height * dpr)).toBeLessThanOrEqual(1.5);
  }

  it('opens on the whole city at 1920×1080: title, panels in Chinese, a drawn map, offline', async () => {
    const { page, urls, errors } = await openWall('');
    try {
      expect(await page.title()).toBe('郑州市城市运行一屏观全域');
      await expect.poll(() => page.textContent('h1')).toBe('郑州市城市运行一屏观全域');
      await page.waitForSelector('[data-testid="wall-map"][data-frames]', { timeout: 60_000 });
      await waitForSettledMap(page);
      // The panels: live figures (the empty test store has 0 cases), the chart, both boards.
      await expect.poll(() => page.getAttribute('[data-testid="live-total"]', 'data-value'), { timeout: 30_000 }).toBe('0');
      await page.waitForSelector('[data-testid="category-chart"] canvas', { timeout: 30_000 });
      expect(await page.textContent('[data-testid="feed-panel"] h2')).toBe(zh.feedPanel);
      expect(await page.textContent('[data-testid="children-panel"] h2')).toBe(zh.childrenPanel('district'));
      expect(await page.locator('[data-testid="children-board"] [data-row-id]').count()).toBeGreaterThan(0);
      const box = await layers(page);
      expect(box.canvas).toEqual({ left: 0, top: 0, width: 1920, height: 1080 });
      expectSharp(box.map, box.mapBuffer, 1);
      expectSharp(box.chart, box.chartBuffer, 1);
      console.info('[wall overview requests]', urls.map((u) => u.replace(origin, '')));
      const pixels = await screenshot(page, 'wall-1920x1080');
      overviewPixels = pixels;
      console.info('[wall overview pixels]', pixels);
      // The city silhouette fills a large share of the map area, with amber district borders.
      expect(pixels.drawn / pixels.total).toBeGreaterThan(0.2);
      expect(pixels.amber).toBeGreaterThan(2_000);
      // Zoomed out: no district detail requested, so no grid outlines.
      expect(urls.some((u) => u.includes('/api/geo/districts/'))).toBe(false);
      // Loaded once each at start (a second /api/areas would mean effects running twice).
      expect(urls.filter((u) => u === `${origin}/api/areas`)).toHaveLength(1);
      expect(urls.filter((u) => u === `${origin}/api/geo/overview.topo.json`)).toHaveLength(1);
      expectOnlyTestServer(urls);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, TEST_TIMEOUT_MS);

  it('shows live figures that follow a case posted to the API, over a websocket to the same host', async () => {
    if (!server) return; // against an external server the test cannot post and count
    const sockets: string[] = [];
    // The live map layers off (`layers=`): this measures stream → panels. With software WebGL a
    // redraw of the map with its live layers holds the page's main thread for seconds (measured:
    // the case shows after ~3.9 s with them, ~0.3 s without); their own test checks the map.
    const { page, errors } = await openWall('?area=410105&layers=', VIEWPORT, 1, (p) => void p.on('websocket', (ws) => sockets.push(ws.url())));
    try {
      await expect.poll(() => page.textContent('[data-testid="live-status"]'), { timeout: 30_000 }).toBe(zh.live);
      const total = async () => Number((await page.getAttribute('[data-testid="live-total"]', 'data-value')) || Number.NaN);
      await expect.poll(total, { timeout: 30_000 }).toBeGreaterThanOrEqual(0);
      // A wall spends its days idle between deltas: measure from there, not while the district's
      // grid file is still being tessellated in software (seconds on this machine).
      await waitForSettledMap(page);
      const before = await total();
      expect(await page.textContent('[data-testid="live-panel"]')).toContain('金水区');
      const res = await fetch(`${server.url}/api/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...server.api.headers },
        body: JSON.stringify({ channel: 'grid_patrol', category: 'SR', subcategory: 'SR01', lon: 113.6713, lat: 34.7835, description: '浏览器测试案件' }),
      });
      expect(res.status).toBe(201);
      const posted = Date.now();
      const { id } = (await res.json()) as { id: string };
      // The case enters the feed board at once (the board was idle) and the counters follow.
      const row = page.locator(`[data-testid="case-feed"] [data-row-id="${id}"]`);
      await row.waitFor({ timeout: 10_000 });
      const inFeed = Date.now() - posted;
      await expect.poll(total, { timeout: 10_000, interval: 50 }).toBe(before + 1);
      console.info('[wall live] case in the feed after', inFeed, 'ms, in the figures after', Date.now() - posted, 'ms');
      // The times are printed, not asserted: the 2 s target is a benchmark's (npm run bench:wall), not a test's.
      const text = await row.textContent();
      expect(text).toContain(zh.categoryName('SR'));
      expect(text).toContain(zh.urgency.normal);
      expect(sockets).toHaveLength(1);
      expect(sockets.every((u) => new URL(u).host === new URL(origin).host)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, TEST_TIMEOUT_MS);

  it('draws a posted case on the map: points, heat and grid fill change the pixels around it', async () => {
    if (!server) return;
    const { page, errors } = await openWall('?area=410105&alarm=0', VIEWPORT, 1);
    try {
      const map = page.locator('[data-testid="wall-map"]');
      await expect.poll(() => map.getAttribute('data-live-seq'), { timeout: 30_000 }).not.toBe('');
      await expect.poll(() => map.getAttribute('data-grids-drawn'), { timeout: 60_000 }).not.toBe('0');
      await waitForSettledMap(page);
      expect(await map.getAttribute('data-live-layers')).toBe('choropleth,heatmap,points,workers');
      expect(await page.getAttribute('[data-testid="cell-legend"]', 'data-metric')).toBe('open');
      // Not where the live test posts (its case is drawn already when this test runs after it).
      const lon = 113.6850;
      const lat = 34.7950;
      const clip = await clipAround(map, lon, lat, 40);
      const before = await page.screenshot({ clip });
      const res = await server.api.post('/api/cases', { channel: 'grid_patrol', category: 'SR', subcategory: 'SR01', urgency: 'prominent', lon, lat, description: '地图图层测试' });
      expect(res.status).toBe(201);
      const seq = Number(await map.getAttribute('data-live-seq'));
      await expect.poll(async () => Number(await map.getAttribute('data-live-seq')), { timeout: 10_000, interval: 100 }).toBeGreaterThan(seq);
      await waitForSettledMap(page, 800);
      const after = await page.screenshot({ clip });
      writeFileSync(join(artifacts, 'wall-live-layers-before.png'), before);
      writeFileSync(join(artifacts, 'wall-live-layers-after.png'), after);
      const changed = await changedPixels(browser, before, after);
      console.info('[wall live layers] pixels changed around the case', changed, 'of', clip.width * clip.height);
      expect(changed).toBeGreaterThan(100);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, TEST_TIMEOUT_MS);

  it('puts a posted case on the map: the first frame drawn with it (its latency printed), and its point in the pixels', async () => {
    if (!server) return;
    // The points layer alone, so that the frame drawn is the one with the case (not an earlier
    // one still being presented: software WebGL takes 1–5 s to present a frame of this map).
    const { page, errors } = await openWall('?area=410105&layers=points&alarm=0', VIEWPORT, 1);
    try {
      const map = page.locator('[data-testid="wall-map"]');
      await expect.poll(() => map.getAttribute('data-layers-seq'), { timeout: 30_000 }).not.toBe('');
      await waitForSettledMap(page);
      const lon = 113.662;
      const lat = 34.772;
      const clip = await clipAround(map, lon, lat, 30);
      const before = await page.screenshot({ clip });
      const seq = Number(await map.getAttribute('data-live-seq'));
      // Armed before posting: a MutationObserver (it runs as soon as the attribute is written, not
      // after the frame) notes when the layers take a newer seq and when maplibre's next frame is
      // drawn with them. Presenting that frame then takes seconds with software WebGL; a GPU does it
      // within the frame (bench:wall).
      await page.evaluate((after) => {
        const el = document.querySelector<HTMLElement>('[data-testid="wall-map"]')!;
        const w = window as unknown as { drawnAt?: Promise<number> };
        w.drawnAt = new Promise<number>((resolve) => {
          let frames: number | null = null;
          const observer = new MutationObserver(() => {
            if (frames === null && Number(el.dataset.layersSeq) > after) frames = Number(el.dataset.frames);
            if (frames !== null && Number(el.dataset.frames) > frames) {
              observer.disconnect();
              resolve(Date.now());
            }
          });
          observer.observe(el, { attributes: true, attributeFilter: ['data-layers-seq', 'data-frames'] });
        });
      }, seq);
      const posted = Date.now();
      const res = await server.api.post('/api/cases', { channel: 'grid_patrol', category: 'SR', subcategory: 'SR01', urgency: 'prominent', lon, lat, description: '地图时延测试' });
      expect(res.status).toBe(201);
      const drawnAt = await page.evaluate(() => (window as unknown as { drawnAt: Promise<number> }).drawnAt);
      const latency = drawnAt - posted;
      await waitForSettledMap(page, 800);
      const changed = await changedPixels(browser, before, await page.screenshot({ clip }));
      console.info('[wall map latency] case drawn', latency, 'ms after the POST;', changed, 'pixels changed around it');
      expect(changed).toBeGreaterThan(20);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, TEST_TIMEOUT_MS);

  it('scales the canvas to 3840×2160 with the map and chart drawn at full resolution', async () => {
    const { page, errors } = await openWall('', { width: 3840, height: 2160 });
    try {
      await page.waitForSelector('[data-testid="wall-map"][data-frames]', { timeout: 60_000 });
      await waitForSettledMap(page);
      await page.waitForSelector('[data-testid="category-chart"] canvas', { timeout: 30_000 });
      const box = await layers(page);
      expect(box.canvas).toEqual({ left: 0, top: 0, width: 3840, height: 2160 });
      expect(box.mapLayer).toEqual(box.canvas);
      expectSharp(box.map, box.mapBuffer, 1);
      expect(box.mapBuffer).toEqual([3840, 2160]);
      expectSharp(box.chart, box.chartBuffer, 1);
      // The same picture as at 1920×1080, twice as large: deck.gl layers follow the map's pixel ratio.
      const pixels = await screenshot(page, 'wall-3840x2160', 2);
      console.info('[wall 3840x2160 pixels]', pixels, 'at 1920x1080', overviewPixels);
      if (overviewPixels) expect(pixels.drawn / pixels.total).toBeCloseTo(overviewPixels.drawn / overviewPixels.total, 1);
      expect(pixels.amber).toBeGreaterThan(4 * 2_000);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, TEST_TIMEOUT_MS);

  it('letterboxes a 6656×1792 wall in fit mode at any DPR, in English, with a notice for a bad option', async () => {
    for (const dpr of [1, 2]) {
      const { page, errors } = await openWall('?mode=fit&lang=en&rotate=5', { width: 6656 / dpr, height: 1792 / dpr }, dpr);
      try {
        await page.waitForSelector('[data-testid="wall-map"] canvas', { timeout: 60_000 });
        const box = await layers(page);
        const device = (r: Rect | null) => r && { left: r.left * dpr, top: r.top * dpr, width: r.width * dpr, height: r.height * dpr };
        const canvas = device(box.canvas)!;
        console.info(`[wall 6656x1792 dpr ${dpr}]`, canvas, box.mapBuffer);
        // 32:9 canvas (3840×1080) at 1792/1080: full height, bars of 142 device pixels left and right.
        expect(canvas.top).toBeCloseTo(0, 5);
        expect(canvas.height).toBeCloseTo(1792, 1);
        expect(canvas.width).toBeCloseTo((3840 * 1792) / 1080, 0);
        expect(Math.abs(canvas.left - 142)).toBeLessThanOrEqual(1);
        expect(Math.abs(6656 - canvas.left - canvas.width - 142)).toBeLessThanOrEqual(1);
        expect(device(box.mapLayer)).toEqual(canvas);
        expectSharp(box.map, box.mapBuffer, dpr);
        expect(await page.getAttribute('main', 'data-layout')).toBe('wide');

        expect(await page.title()).toBe(en.title);
        expect(await page.getAttribute('html', 'lang')).toBe('en-US');
        await expect.poll(() => page.textContent('h1')).toBe(en.title);
        expect(await page.textContent('[data-testid="live-panel"]')).toContain(en.kpi.total);
        expect(await page.textContent('[data-testid="feed-panel"] h2')).toBe(en.feedPanel);
        expect(await page.textContent('[data-testid="category-panel"] h2')).toBe(en.categoryPanel);
        await expect.poll(() => page.textContent('[data-testid="live-status"]'), { timeout: 30_000 }).toBe(en.live);
        expect(await page.textContent('[data-testid="options-notice"]')).toBe(en.notice.invalidRotate('5', 10, 3600));
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    }
  }, TEST_TIMEOUT_MS);

  it('?rotate=10 tours the city and its districts on one websocket', async () => {
    const sockets: string[] = [];
    const subscribed: string[] = [];
    const { page, errors } = await openWall('?rotate=10', VIEWPORT, 1, async (p) => {
      p.on('websocket', (ws) => {
        sockets.push(ws.url());
        ws.on('framesent', (frame) => {
          const area = subscribedArea(frame.payload);
          if (area) subscribed.push(area);
        });
      });
      // The tour label and the panel title as the page shows them together, noted on every DOM
      // change: two separate reads from the test could straddle a stop on a busy machine.
      await p.addInitScript(() => {
        const seen: string[] = [];
        const withFigures = new Set<string>();
        Object.assign(window, { __tourShown: seen, __tourFigures: withFigures });
        new MutationObserver(() => {
          const tour = document.querySelector('[data-testid="tour"]')?.textContent ?? '';
          const title = document.querySelector('[data-testid="live-panel"] h2')?.textContent ?? '';
          const pair = `${tour}|${title}`;
          if (tour && seen.at(-1) !== pair && seen.length < 1000) seen.push(pair);
          if (/^\d+$/.test(document.querySelector('[data-testid="live-total"]')?.getAttribute('data-value') ?? '')) withFigures.add(tour);
        }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-value'] });
      });
    });
    type TourProbe = { __tourShown: string[]; __tourFigures: Set<string> };
    const shown = () => page.evaluate(() => (window as unknown as TourProbe).__tourShown);
    const stopsWithFigures = () => page.evaluate(() => [...(window as unknown as TourProbe).__tourFigures]);
    try {
      const first = `${zh.tour(1, 16)}|${zh.kpiPanel('郑州市')}`;
      // The first district by code (中原区 410102) after one period of 10 s.
      const second = `${zh.tour(2, 16)}|${zh.kpiPanel('中原区')}`;
      await expect.poll(shown, { timeout: 60_000, interval: 250 }).toContain(second);
      const pairs = await shown();
      expect(pairs).toContain(first);
      expect(pairs.indexOf(first)).toBeLessThan(pairs.indexOf(second));
      // Each stop's live figures arrive while it is on screen (checked as the page showed them).
      await expect.poll(stopsWithFigures, { timeout: 30_000 }).not.toEqual([]);
      expect(sockets).toHaveLength(1);
      expect(subscribed.slice(0, 2)).toEqual(['410100', '410102']);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, TEST_TIMEOUT_MS);

  it('?area=410105 flies to 金水区, loads its grid file and draws its grid cells', async () => {
    const { page, urls, errors } = await openWall('?area=410105');
    try {
      const map = page.locator('[data-testid="wall-map"]');
      await expect.poll(() => map.getAttribute('data-selection'), { timeout: 60_000 }).toBe('found');
      await expect.poll(() => map.getAttribute('data-detail-districts'), { timeout: 60_000 }).toMatch(/410105/);
      // Neighbours in view load too (zoom ≥ 11), not only the selected district.
      const loaded = (await map.getAttribute('data-detail-districts'))?.split(',') ?? [];
      console.info('[wall 410105 detail districts]', loaded);
      expect(loaded.length).toBeGreaterThan(1);
      // 金水区 alone has 1,803 grid cells.
      expect(Number(await map.getAttribute('data-grids-drawn'))).toBeGreaterThan(1000);
      expect(Number(await map.getAttribute('data-zoom'))).toBeGreaterThanOrEqual(11);
      await waitForSettledMap(page);
      const pixels = await screenshot(page, 'wall-district-410105');
      console.info('[wall 410105 pixels]', pixels, 'overview', overviewPixels);
      expect(urls).toContain(`${origin}/api/geo/districts/410105.topo.json`);
      // Grid and community outlines are cyan/teal; the overview has almost none.
      expect(pixels.detail).toBeGreaterThan(20_000);
      if (overviewPixels) expect(pixels.detail).toBeGreaterThan(5 * Math.max(overviewPixels.detail, 1));
      expect(await map.getAttribute('data-selected')).toBe('410105');
      expectOnlyTestServer(urls);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, TEST_TIMEOUT_MS);

  it('?area=<grid code> resolves after the district file loads and flies to the cell', async () => {
    const { page, urls, errors } = await openWall('?area=410105001003001');
    try {
      const map = page.locator('[data-testid="wall-map"]');
      await expect.poll(() => map.getAttribute('data-selection'), { timeout: 60_000 }).toBe('found');
      // A grid cell is a few hundred metres across: the camera ends far closer than the district view.
      await expect.poll(async () => Number(await map.getAttribute('data-zoom')), { timeout: 60_000 }).toBeGreaterThan(14);
      await waitForSettledMap(page);
      await screenshot(page, 'wall-grid-410105001003001');
      expect(urls.filter((u) => u.endsWith('/api/geo/districts/410105.topo.json'))).toHaveLength(1);
      expect(await map.getAttribute('data-selected')).toBe('410105001003001');
      expectOnlyTestServer(urls);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, TEST_TIMEOUT_MS);

  /** The six KPI counters' raw values as the page shows them ('' for no value). */
  const KPI_KEYS = ['received', 'registrationRate', 'closureRate', 'onTimeRate', 'overdueOpen', 'onDuty'] as const;
  const kpisOnPage = (page: Page) => Promise.all(KPI_KEYS.map((k) => page.getAttribute(`[data-testid="kpi-${k}"]`, 'data-value')));

  it('shows today’s KPIs equal to GET /api/kpis for the same area, after the stream refreshed them', async () => {
    if (!server) return;
    const { page, errors } = await openWall('?area=410105');
    try {
      await expect.poll(() => page.textContent('[data-testid="live-status"]'), { timeout: 30_000 }).toBe(zh.live);
      for (const urgency of ['normal', 'prominent']) {
        const res = await server.api.post('/api/cases', { channel: 'hotline_12345', category: 'SR', subcategory: 'SR01', urgency, lon: 113.6713, lat: 34.7835, description: 'KPI 测试' });
        expect(res.status).toBe(201);
      }
      const fromApi = async () => {
        const { status, body } = await server!.api.get('/api/kpis?area=410105');
        expect(status).toBe(200);
        return [...KPI_KEYS.slice(0, 5).map((k) => body.figures[k] as number | null), body.staffing?.onDuty as number | null].map((v) => (v === null || v === undefined ? '' : String(v)));
      };
      // KPIs are recomputed every 5 s; the next delta carries them.
      let api: string[] = [];
      const comparison = async () => {
        api = await fromApi();
        const shown = (await kpisOnPage(page)).map((v) => v ?? '');
        return shown.join('|') === api.join('|') ? 'equal' : `page ${shown.join('|')} api ${api.join('|')}`;
      };
      await expect.poll(comparison, { timeout: 20_000, interval: 500 }).toBe('equal');
      console.info('[wall kpis]', Object.fromEntries(KPI_KEYS.map((k, i) => [k, api[i]])));
      expect(Number(api[0])).toBeGreaterThanOrEqual(2);
      // Rates are written as the reports write them.
      const rate = await page.getAttribute('[data-testid="kpi-registrationRate"]', 'aria-label');
      expect(rate).toMatch(new RegExp(`^${zh.today.registrationRate} (\\d+\\.\\d{2}%|—)$`));
      // The 24-hour trend's totals and the ranking board's composite scores, as the API counts them.
      const trendComparison = async () => {
        const { body } = await server!.api.get('/api/trend?area=410105');
        const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
        const api = `${sum(body.received)}|${sum(body.closed)}`;
        const shown = await page.$$eval('[data-testid="trend-legend"] [data-value]', (els) => els.map((e) => e.getAttribute('data-value')).join('|'));
        return shown === api ? 'equal' : `page ${shown} api ${api}`;
      };
      await expect.poll(trendComparison, { timeout: 20_000, interval: 500 }).toBe('equal');
      await page.waitForSelector('[data-testid="trend-chart"] canvas', { timeout: 30_000 });
      const scoreComparison = async () => {
        const { body } = await server!.api.get('/api/assessment?level=street&area=410105');
        const scores = new Map<string, string>(body.units.map((u: { code: string; score: number | null }) => [u.code, u.score === null ? '' : String(u.score)]));
        const rows = await page.$$eval('[data-testid="children-board"] [data-row-id]', (els) =>
          els.map((e) => [e.getAttribute('data-row-id') ?? '', e.querySelector('[data-score]')?.getAttribute('data-score') ?? 'missing'] as const),
        );
        const wrong = rows.filter(([code, score]) => scores.get(code) !== score);
        return rows.length > 0 && wrong.length === 0 ? 'equal' : `rows ${rows.length}, differing ${JSON.stringify(wrong.slice(0, 3))}`;
      };
      await expect.poll(scoreComparison, { timeout: 20_000, interval: 500 }).toBe('equal');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, TEST_TIMEOUT_MS);

  it('an arriving major case takes the wall over: the map flies to it, the card shows it, then the wall resumes', async () => {
    if (!server) return;
    // 20 s: software WebGL needs a few seconds for the flight; the checks must fit in the takeover.
    const { page, errors } = await openWall('?area=410105&alarm=20');
    try {
      await expect.poll(() => page.textContent('[data-testid="live-status"]'), { timeout: 30_000 }).toBe(zh.live);
      const map = page.locator('[data-testid="wall-map"]');
      await expect.poll(() => map.getAttribute('data-selection'), { timeout: 60_000 }).toBe('found');
      const res = await server.api.post('/api/cases', { channel: 'hotline_12345', category: 'SR', subcategory: 'SR01', urgency: 'major', lon: 113.6713, lat: 34.7835, description: '重大案件测试' });
      expect(res.status).toBe(201);
      const { id } = res.body as { id: string };
      const card = page.locator(`[data-testid="takeover"][data-case-id="${id}"]`);
      // Software WebGL blocks the page for seconds while the map flies to zoom 15: generous waits,
      // and everything read in one round trip while the card is up.
      await card.waitFor({ state: 'attached', timeout: 30_000 });
      const shown = Date.now();
      const seen = await page.evaluate(() => ({
        text: document.querySelector('[data-testid="takeover"]')?.textContent ?? '',
        focus: document.querySelector('[data-testid="wall-map"]')?.getAttribute('data-focus'),
      }));
      expect(seen.text).toContain(zh.takeover.major);
      expect(seen.text).toContain(zh.categoryName('SR'));
      expect(seen.text).toContain(zh.urgency.major);
      expect(seen.focus).toBe(`case:${id}`);
      // The map ends at the case, far closer than the district view (≈ 11–12).
      await expect.poll(async () => Number(await map.getAttribute('data-zoom')), { timeout: 60_000 }).toBeGreaterThan(14);
      // After alarm=20 seconds the card goes and the map frames the area again.
      await card.waitFor({ state: 'detached', timeout: 60_000 });
      console.info('[wall takeover] card seen for', Date.now() - shown, 'ms');
      expect(await map.getAttribute('data-focus')).toBe('');
      await expect.poll(async () => Number(await map.getAttribute('data-zoom')), { timeout: 60_000 }).toBeLessThan(13);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 2 * TEST_TIMEOUT_MS);

  it('says why the server refuses the area: outside the wall’s scope, or no such area', async () => {
    if (!server) return;
    const jinshui = (await server.auth.createDevice({ label: '金水区大屏', scope: '410105', kind: 'display' }, null)).token;
    const forbidden = await openWall('?area=410102', VIEWPORT, 1, undefined, jinshui);
    try {
      const status = forbidden.page.locator('[data-testid="live-status"]');
      await expect.poll(() => status.getAttribute('data-refused'), { timeout: 30_000 }).toBe('forbidden');
      expect(await status.textContent()).toBe(zh.refused('forbidden', '410102'));
      // It stays: no 数据中断 countdown replaces it.
      await forbidden.page.waitForTimeout(9_000);
      expect(await status.textContent()).toBe(zh.refused('forbidden', '410102'));
    } finally {
      await forbidden.page.close();
    }
    const unknown = await openWall('?area=410199&lang=en');
    try {
      const status = unknown.page.locator('[data-testid="live-status"]');
      await expect.poll(() => status.getAttribute('data-refused'), { timeout: 30_000 }).toBe('not_found');
      expect(await status.textContent()).toBe(en.refused('not_found', '410199'));
    } finally {
      await unknown.page.close();
    }
  }, TEST_TIMEOUT_MS);

  it('asks to be opened with its device link when the API stops knowing it (401)', async () => {
    // The server sends a wall without a session to /login; a 401 after that (a revoked device, an
    // expired session while the page loads) is answered here as the server would answer it.
    const page = await browser.newPage({ viewport: VIEWPORT });
    try {
      await page.route(`${origin}/api/areas`, (route) => route.fulfill({ status: 401, contentType: 'application/json', body: '{"error":{"message":"sign in first"}}' }));
      await page.goto(`${origin}/wall?device=${deviceToken}`);
      await expect.poll(() => page.textContent('[data-testid="unauthorized"]'), { timeout: 30_000 }).toBe(zh.unauthorized);
    } finally {
      await page.close();
    }
  }, TEST_TIMEOUT_MS);
});
