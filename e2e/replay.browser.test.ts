import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../server/src/testing/http.js';
import { startTestServer, type TestServer } from '../server/src/testing/testServer.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureClientBuilt, recordPage } from './browserHarness.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(repoRoot, 'test-artifacts');
const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`\n!!! ${CHROMIUM_PATH} not found: SKIPPING the replay browser tests (e2e/replay.browser.test.ts).\n`);

const JINSHUI = '410105';
const DAY = '2026-11-23';
// A fixed clock: the simulator fills 05:00–12:00 of the day (Beijing time) before the server answers.
const NOW = Date.parse(`${DAY}T12:00:00+08:00`);
const FROM = Date.parse(`${DAY}T00:00:00+08:00`);
const TEN = Date.parse(`${DAY}T10:00:00+08:00`);
const PASSWORD = 'a long enough secret';
const POLL = { timeout: 90_000 };

describe.skipIf(!hasChromium)('回放 (replay) on the desk and the wall, in headless Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let street = '';
  /** The street's cases open at 10:00, in their states, from each case's own timeline (GET /api/cases/:id). */
  const openAtTen = new Map<string, string>();
  let openSeqsAtTen = '';
  let reportedBeforeTen = 0;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    ensureClientBuilt(repoRoot);
    server = await startTestServer({ clientDir: join(repoRoot, 'client/dist'), clock: { now: () => NOW }, scheduler: { every: () => () => {} }, simulator: { rate: 1, seed: 'replay-browser', backfillHours: 7 } });
    // The street of 金水区 with the most cases before 10:00: a few dozen cases, not the city.
    const cases: Json[] = [];
    let cursor: string | null = null;
    do {
      const params = new URLSearchParams({ area: JINSHUI, to: new Date(TEN).toISOString(), limit: '500', ...(cursor ? { cursor } : {}) });
      const page = await server.api.get(`/api/cases?${params.toString()}`);
      expect(page.status).toBe(200);
      cases.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    const counts = new Map<string, number>();
    for (const c of cases) counts.set(c.area.street, (counts.get(c.area.street) ?? 0) + 1);
    street = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    for (const c of cases.filter((x) => x.area.street === street)) {
      const detail = (await server.api.get(`/api/cases/${c.id}`)).body;
      if (Date.parse(detail.times.reported) >= FROM) reportedBeforeTen++;
      const last = (detail.timeline as Json[]).filter((e) => Date.parse(e.at) < TEN).at(-1);
      if (last && !['closed', 'rejected'].includes(last.to)) openAtTen.set(c.id, last.to);
    }
    // The player names cases by the store's seq (the case columns carry no ids).
    const open = [...openAtTen.keys()];
    const rows = await server.store.sql.all<{ seq: number }>(`SELECT seq FROM cases WHERE id IN (${open.map(() => '?').join(', ')})`, open);
    openSeqsAtTen = rows.map((r) => Number(r.seq)).sort((a, b) => a - b).join(',');
    await server.auth.createAccount({ username: 'replay.analyst', name: '回放分析员', role: 'analyst', scope: street, kind: 'person', password: PASSWORD }, null);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(): Promise<{ page: Page; errors: string[] }> {
    const login = await server.auth.login('replay.analyst', PASSWORD, null);
    if (!login.ok) throw new Error('sign-in failed');
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    await context.addCookies([{ name: 'cityops_session', value: login.token, url: server.url }]);
    const page = await context.newPage();
    return { page, errors: recordPage(page).errors };
  }

  const shot = async (page: Page, name: string) => writeFileSync(join(artifacts, `replay-${name}.png`), await page.screenshot().catch(() => Buffer.alloc(0)));
  const attr = (page: Page, testId: string, name: string) => page.locator(`[data-testid="${testId}"]`).getAttribute(name);

  it('the desk replays the day: at 10:00 exactly the cases reported before 10:00 and open then, and the clock moves while playing', async () => {
    expect(openAtTen.size).toBeGreaterThan(3);
    const { page, errors } = await signedIn();
    try {
      await page.goto(`${server.url}/desk?area=${street}`);
      await page.click('[data-testid="replay-open"]', { timeout: 60_000 });
      await page.fill('[data-testid="replay-from"]', DAY);
      await page.click('[data-testid="replay-load"]');
      await expect.poll(() => attr(page, 'replay', 'data-status'), POLL).toBe('ready');
      // The slider is in seconds after 00:00 of the day.
      await page.locator('[data-testid="replay-slider"]').fill(String((TEN - FROM) / 1000));
      await expect.poll(() => attr(page, 'replay-player', 'data-time'), POLL).toBe(String(TEN));
      expect(await page.locator('[data-testid="replay-clock"]').textContent()).toBe(`${DAY} 10:00:00`);
      expect(await attr(page, 'replay-player', 'data-open-seqs')).toBe(openSeqsAtTen);
      expect(openSeqsAtTen.split(',')).toHaveLength(openAtTen.size);
      expect(await page.locator('[data-testid="replay-figure-open"]').textContent()).toBe(String(openAtTen.size));
      expect(await page.locator('[data-testid="replay-figure-reported"]').textContent()).toBe(String(reportedBeforeTen));
      // A step back and forth lands on the same set.
      await page.click('[data-testid="replay-step-back"]');
      await expect.poll(() => attr(page, 'replay-player', 'data-time'), POLL).toBe(String(TEN - 15 * 60_000));
      await page.click('[data-testid="replay-step-forward"]');
      await expect.poll(() => attr(page, 'replay-player', 'data-open-seqs'), POLL).toBe(openSeqsAtTen);
      // Playing moves the replay clock on.
      await page.selectOption('[data-testid="replay-speed"]', '3600');
      await page.click('[data-testid="replay-play"]');
      await expect.poll(async () => Number(await attr(page, 'replay-player', 'data-time')), POLL).toBeGreaterThan(TEN);
      await page.click('[data-testid="replay-play"]');
      await expect.poll(() => attr(page, 'replay-player', 'data-playing'), POLL).toBe('false');
      expect(errors).toEqual([]);
    } catch (error) {
      await shot(page, 'desk-failed');
      throw error;
    } finally {
      await page.context().close();
    }
  }, 240_000);

  it('/wall?replay= shows the 回放 badge and a clock that moves through the day', async () => {
    const { page, errors } = await signedIn();
    try {
      await page.goto(`${server.url}/wall?area=${street}&replay=${DAY}&speed=3600&end=stop`);
      const badge = page.locator('[data-testid="replay-badge"]');
      await expect.poll(() => badge.getAttribute('data-status'), POLL).toBe('ready');
      expect(await badge.textContent()).toContain('回放');
      const first = Number(await attr(page, 'replay-clock', 'data-time'));
      expect(first).toBeGreaterThanOrEqual(FROM);
      await expect.poll(async () => Number(await attr(page, 'replay-clock', 'data-time')), POLL).toBeGreaterThan(first);
      expect(await page.locator('[data-testid="replay-clock"]').textContent()).toMatch(new RegExp(`^${DAY} \\d\\d:\\d\\d:\\d\\d$`));
      // The wall's own options do not call the replay's parameters unknown.
      expect(await page.locator('[data-testid="options-notice"]').count()).toBe(0);
      expect(errors).toEqual([]);
    } catch (error) {
      await shot(page, 'wall-failed');
      throw error;
    } finally {
      await page.context().close();
    }
  }, 240_000);
});
