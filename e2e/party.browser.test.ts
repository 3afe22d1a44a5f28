import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedPixels, CHROMIUM_ARGS, CHROMIUM_PATH, ensureClientBuilt, pixelsOfColour, recordPage, waitForSettledMap } from './browserHarness.js';
import { zh } from '../client/src/i18n/strings.js';
import { PANEL_LAYOUTS } from '../client/src/wall/layout/panelLayout.js';
import type { PartyPartsResponse } from '../shared/src/api/party.js';
import { startTestServer, type TestServer } from '../server/src/testing/testServer.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(repoRoot, 'test-artifacts');
/** Software WebGL on a shared machine: a district wall takes 15–60 s to settle. */
const TEST_TIMEOUT_MS = 300_000;
const JINSHUI = '410105';

const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`\n!!! ${CHROMIUM_PATH} not found: SKIPPING the 党建引领 browser tests (e2e/party.browser.test.ts).\n`);

describe.skipIf(!hasChromium)('党建引领 on the wall: the panel and the map layer in headless Chromium', () => {
  let server: TestServer;
  let deviceToken: string;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    ensureClientBuilt(repoRoot);
    server = await startTestServer({ clientDir: join(repoRoot, 'client/dist') });
    deviceToken = (await server.auth.createDevice({ label: '金水区大屏', scope: JINSHUI, kind: 'display' }, null)).token;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openWall(search: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const { errors } = recordPage(page);
    await page.goto(`${server.url}/wall${search}&device=${deviceToken}`);
    await page.waitForSelector('[data-testid="wall-map"] canvas', { timeout: 120_000 });
    await expect.poll(() => page.textContent('[data-testid="live-status"]'), { timeout: 60_000 }).toBe(zh.live);
    return { page, errors };
  }

  /** The map's free middle at 1920×1080 (no panel over it), for screenshots of the layer alone. */
  const insets = PANEL_LAYOUTS.standard.mapInsets;
  const mapClip = { x: insets.left, y: insets.top, width: 1920 - insets.left - insets.right, height: 1080 - insets.top - insets.bottom };

  /** Pixels of the centres' party red (#DE2910) in a PNG. */
  const partyRedPixels = (png: Buffer) => pixelsOfColour(browser, png, [222, 41, 16], 60);

  it('shows the district’s coverage, members, cadres on duty and five-star communities as the API answers them, and draws its centres and grid organisations', async () => {
    const { page, errors } = await openWall(`?area=${JINSHUI}&layers=centres,coverage`);
    try {
      // The panel: the same figures as GET /api/party?parts=summary for the district (asked anew each time: cadres go on and off duty).
      await expect.poll(() => page.getAttribute('[data-testid="party-members"]', 'data-value'), { timeout: 60_000 }).toMatch(/^[1-9]/);
      await expect
        .poll(
          async () => {
            const api = ((await server.api.get(`/api/party?area=${JINSHUI}&parts=summary`)).body as PartyPartsResponse).summary!;
            const shown = await page.$$eval('[data-testid^="party-"][data-value]', (rows) => Object.fromEntries(rows.map((r) => [r.getAttribute('data-testid'), [r.getAttribute('data-value'), r.getAttribute('data-of')]])));
            return JSON.stringify(shown) === JSON.stringify({
              'party-coverage': [String(api.coverage.rate), ''],
              'party-members': [String(api.members.total), ''],
              'party-cadresOnDuty': [String(api.cadres.onDuty), String(api.cadres.total)],
              'party-fiveStar': [String(api.ratings.allStars), String(api.ratings.communities)],
            })
              ? 'equal'
              : JSON.stringify({ shown, api });
          },
          { timeout: 30_000 },
        )
        .toBe('equal');
      expect(await page.textContent('[data-testid="party-panel"] h2')).toBe(zh.partyPanel);
      expect(await page.textContent('[data-testid="party-coverage"] dd')).toBe('100.0%');
      const members = server.party.summary(JINSHUI)!.members.total;
      expect(await page.textContent('[data-testid="party-members"] dd')).toBe(members.toLocaleString('zh-CN'));

      // The layer: every centre and grid cell of the district loaded, then drawn.
      const map = ((await server.api.get(`/api/party?area=${JINSHUI}&parts=centres,gridCoverage`)).body as PartyPartsResponse);
      await expect.poll(() => page.getAttribute('[data-testid="wall-map"]', 'data-party-centres'), { timeout: 60_000 }).toBe(String(map.centres!.kinds.length));
      expect(await page.getAttribute('[data-testid="wall-map"]', 'data-party-grids')).toBe(String(map.gridCoverage!.codes.length));
      expect(map.centres!.kinds.length).toBeGreaterThan(100);
      await waitForSettledMap(page, 1500, 180_000);
      writeFileSync(join(artifacts, 'party-jinshui-1920x1080.png'), await page.screenshot());
      const withParty = await page.screenshot({ clip: mapClip });

      // The same wall without the party layers: the red discs go, the cells' fill changes the map.
      const plain = await openWall(`?area=${JINSHUI}&layers=`);
      try {
        await waitForSettledMap(plain.page, 1500, 180_000);
        const without = await plain.page.screenshot({ clip: mapClip });
        const red = await partyRedPixels(withParty);
        const redWithout = await partyRedPixels(without);
        const changed = await changedPixels(browser, withParty, without);
        console.log(`party layer at 金水区: ${red} party-red pixels (${redWithout} without), ${changed} of ${mapClip.width * mapClip.height} map pixels changed`);
        expect(redWithout).toBeLessThan(50);
        expect(red).toBeGreaterThan(20 * map.centres!.kinds.length); // a disc of radius 6+ is ~100 pixels; some overlap
        expect(changed).toBeGreaterThan(mapClip.width * mapClip.height * 0.2); // the district's cells are filled
        expect(plain.errors).toEqual([]);
      } finally {
        await plain.page.close();
      }
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, TEST_TIMEOUT_MS);
});
