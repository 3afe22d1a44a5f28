import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureClientBuilt, recordPage } from './browserHarness.js';
import type { CaseListResponse } from '../shared/src/api/cases.js';
import type { PartyCommunitiesResponse, PartyGridsResponse, PartyPartsResponse, PartySummaryPart } from '../shared/src/api/party.js';
import type { ApiClient } from '../server/src/testing/http.js';
import { startTestServer, type TestServer } from '../server/src/testing/testServer.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(repoRoot, 'test-artifacts');
/** A shared, loaded machine: a page with a map takes a while; every wait polls a condition. */
const TEST_TIMEOUT_MS = 300_000;
const POLL = { timeout: 90_000 };
const JINSHUI = '410105';

const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`\n!!! ${CHROMIUM_PATH} not found: SKIPPING the 党建引领 screen tests (e2e/partyScreens.browser.test.ts).\n`);

/** The figures' raw values as the API's summary gives them, keyed like the component's test ids. */
const expectedFigures = (s: PartySummaryPart): Record<string, [string, string]> => ({
  'party-fig-coverage': [String(s.coverage.rate), ''],
  'party-fig-members': [String(s.members.total), ''],
  'party-fig-reported': [String(s.members.reported), ''],
  'party-fig-cadresOnDuty': [String(s.cadres.onDuty), String(s.cadres.total)],
  'party-fig-casesReported': [String(s.cases.reportedByMembers), String(s.cases.total)],
  'party-fig-casesHandled': [String(s.cases.handledByMembers), String(s.cases.total)],
  'party-fig-fiveStar': [String(s.ratings.allStars), String(s.ratings.communities)],
});

describe.skipIf(!hasChromium)('党建引领 on the desk and the leaders’ tablet: the same figures as the API, and the lists behind them', () => {
  let server: TestServer;
  let browser: Browser;
  let commander: ApiClient;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    ensureClientBuilt(repoRoot);
    // A day of history, so the year's cases reported and handled by party members are not zero.
    server = await startTestServer({ clientDir: join(repoRoot, 'client/dist'), historyDays: 1 });
    commander = await server.as('commander', JINSHUI);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const api = async <T>(path: string): Promise<T> => {
    const res = await commander.get(path);
    expect(res.status, path).toBe(200);
    return res.body as T;
  };

  async function open(path: string, viewport: { width: number; height: number }, touch: boolean): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport, hasTouch: touch, isMobile: touch });
    await context.addCookies([{ name: 'cityops_session', value: commander.token, url: server.url }]);
    const page = await context.newPage();
    const { errors } = recordPage(page);
    await page.goto(`${server.url}${path}`);
    return { context, page, errors };
  }

  /** Polls until the figures shown equal GET /api/party?parts=summary of the area (asked anew each time: cadres go on and off duty). */
  async function figuresEqualApi(page: Page, area: string): Promise<PartySummaryPart> {
    let summary: PartySummaryPart | null = null;
    await expect
      .poll(async () => {
        summary = (await api<PartyPartsResponse>(`/api/party?area=${area}&parts=summary`)).summary!;
        const shown = await page.$$eval('[data-testid="party-screen"] [data-testid^="party-fig-"]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-testid'), [e.getAttribute('data-value'), e.getAttribute('data-of')]])));
        return JSON.stringify(shown) === JSON.stringify(expectedFigures(summary)) ? 'equal' : JSON.stringify({ shown, api: expectedFigures(summary) });
      }, POLL)
      .toBe('equal');
    return summary!;
  }

  it('the tablet shows the district’s figures as the API does, within the touch rules; coverage and a star count open their lists', async () => {
    const { context, page, errors } = await open(`/lead?area=${JINSHUI}`, { width: 1024, height: 768 }, true);
    try {
      const summary = await figuresEqualApi(page, JINSHUI);
      expect(summary.cases.reportedByMembers).toBeGreaterThan(0);
      expect(summary.cases.handledByMembers).toBeGreaterThan(0);
      const spread = await page.$$eval('[data-testid^="party-star-"]', (els) => els.map((e) => Number(e.getAttribute('data-value'))));
      expect(spread).toEqual(summary.ratings.spread);

      // The tablet's rules inside the component: text ≥ 14 px, targets ≥ 44 px.
      const breaks = await page.$eval('[data-testid="party-screen"]', (root) => {
        const out: string[] = [];
        for (const el of root.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) continue;
          const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
          if (own && parseFloat(getComputedStyle(el).fontSize) < 14) out.push(`text ${getComputedStyle(el).fontSize} "${el.textContent?.slice(0, 20)}"`);
          if (el.matches('button, a[href]') && (r.width < 44 || r.height < 44)) out.push(`target ${Math.round(r.width)}×${Math.round(r.height)} "${el.textContent?.slice(0, 20)}"`);
        }
        return out;
      });
      expect(breaks).toEqual([]);

      // Coverage → the grid cells without an organisation of their own: as many as the coverage's gap, the API's list.
      await page.tap('[data-testid="party-fig-coverage"]');
      const gaps = await api<PartyGridsResponse>(`/api/party/grids?area=${JINSHUI}&organisation=none&limit=100`);
      expect(gaps.total).toBe(summary.coverage.grids - summary.coverage.gridsWithOrganisation);
      await expect.poll(() => page.getAttribute('[data-testid="party-list"][data-kind="grids"]', 'data-total'), POLL).toBe(String(gaps.total));

      // A star count → the communities with that many stars, the API's list in its order.
      const stars = summary.ratings.spread.findIndex((n) => n > 0);
      await page.tap(`[data-testid="party-star-${stars}"]`);
      const communities = await api<PartyCommunitiesResponse>(`/api/party/communities?area=${JINSHUI}&stars=${stars}&limit=100`);
      expect(communities.total).toBe(summary.ratings.spread[stars]);
      await expect.poll(() => page.getAttribute('[data-testid="party-list"][data-kind="communities"]', 'data-total'), POLL).toBe(String(communities.total));
      expect(await page.$$eval('[data-testid="party-list"] li', (els) => els.map((e) => e.getAttribute('data-code')))).toEqual(communities.items.map((c) => c.community));
      await page.locator('[data-testid="party-screen"]').scrollIntoViewIfNeeded();
      writeFileSync(join(artifacts, 'party-lead-jinshui-1024x768.png'), await page.screenshot());

      // Cases reported by party members → the desk's case table under party=reported for the year so far.
      await page.tap('[data-testid="party-fig-casesReported"]');
      await page.waitForURL(/\/desk\?/, POLL);
      expect(new URL(page.url()).searchParams.get('party')).toBe('reported');
      await expect.poll(() => page.getAttribute('[data-testid="desk-table"]', 'data-total'), POLL).toBe(String(summary.cases.reportedByMembers));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, TEST_TIMEOUT_MS);

  it('the desk shows the district’s figures as the API does; cases handled by party members open the table under party=handled, as the API lists them', async () => {
    const { context, page, errors } = await open(`/desk?area=${JINSHUI}`, { width: 1440, height: 900 }, false);
    try {
      // Loaded: the table has its total (the map and charts draw beside it on a loaded machine).
      await expect.poll(() => page.locator('[data-testid="desk-table"]:not([data-total=""])').count(), POLL).toBe(1);
      const summary = await figuresEqualApi(page, JINSHUI);
      await page.click('[data-testid="party-fig-casesHandled"]', { timeout: POLL.timeout });
      await expect.poll(() => new URL(page.url()).searchParams.get('party'), POLL).toBe('handled');
      const period = new URL(page.url()).searchParams.get('period')!;
      const [from, to] = period.split('..') as [string, string];
      expect(from).toBe(`${summary.cases.year}-01-01`);
      const next = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const list = await api<CaseListResponse>(`/api/cases?area=${JINSHUI}&party=handled&from=${from}T00:00:00%2B08:00&to=${next}T00:00:00%2B08:00&limit=50`);
      expect(list.total).toBe(summary.cases.handledByMembers);
      await expect.poll(() => page.getAttribute('[data-testid="desk-table"]', 'data-total'), POLL).toBe(String(list.total));
      expect(await page.getAttribute('[data-chip="party:handled"]', 'data-chip')).toBe('party:handled');
      // The first page is the API's first page, newest first.
      await expect.poll(() => page.$$eval('[data-testid="desk-table"] tbody tr', (rows) => rows.length), POLL).toBeGreaterThan(0);
      const shownIds = await page.$$eval('[data-testid="desk-table"] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-id')));
      expect(shownIds).toEqual(list.items.slice(0, shownIds.length).map((c) => c.id));
      writeFileSync(join(artifacts, 'party-desk-jinshui-1440x900.png'), await page.screenshot({ timeout: POLL.timeout }));
      expect(errors).toEqual([]);
    } catch (e) {
      writeFileSync(join(artifacts, 'party-desk-failure.png'), await page.screenshot({ timeout: POLL.timeout }));
      console.log('desk errors', errors);
      throw e;
    } finally {
      await context.close();
    }
  }, TEST_TIMEOUT_MS);
});
