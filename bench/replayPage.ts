import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureClientBuilt } from '../e2e/chromiumSetup.js';
import { startTestServer } from '../server/src/testing/testServer.js';
import { numberArg, REPO_ROOT, round1, type BenchArgs, type Figures } from './benchUtil.js';

const DAY_MS = 86_400_000;

/**
 * `npm run bench -- replaypage [--seconds 20 --speed 3600 --hours 24]`: the client side of a
 * replay. A server in-process over a simulated day of the whole city (its clock fixed at the end
 * of a Beijing day, the simulator's backfill filling that day), and /wall?replay=<that day> in
 * headless Chromium at 1920×1080: navigation → replay ready (the page's own request → player
 * figure, and to the badge's first clock), then, while it plays at `speed`, the main thread's busy
 * share (CDP TaskDuration over the window) and the replay time covered; the same window paused
 * (`speed` 1, nearly still) as the baseline. Software WebGL: compare the two, not the absolutes.
 */
export async function benchReplayPage(args: BenchArgs): Promise<Figures> {
  const seconds = numberArg(args, 'seconds', 20);
  const speed = numberArg(args, 'speed', 3600);
  const hours = numberArg(args, 'hours', 24);
  ensureClientBuilt(REPO_ROOT);
  // The end of yesterday's Beijing day: the backfill fills that day.
  const bj = 8 * 3_600_000;
  const end = Math.floor((Date.now() + bj) / DAY_MS) * DAY_MS - bj;
  const day = new Date(end - DAY_MS + bj).toISOString().slice(0, 10);
  const started = performance.now();
  const server = await startTestServer({ clientDir: join(REPO_ROOT, 'client/dist'), clock: { now: () => end }, scheduler: { every: () => () => {} }, simulator: { rate: 1, seed: 'bench-replay', backfillHours: hours } });
  const backfillS = (performance.now() - started) / 1000;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    // A person's session cookie (a device link would sign in and reload the page on its own).
    const password = 'a long enough bench secret';
    await server.auth.createAccount({ username: 'bench.replay', name: 'bench replay', role: 'analyst', scope: server.model.cityCode, kind: 'person', password }, null);
    const login = await server.auth.login('bench.replay', password, null);
    if (!login.ok) throw new Error('bench: sign-in failed');
    const figures: Figures = { 'day (Beijing)': day, 'backfill (s)': round1(backfillS), note: 'software WebGL on a shared machine: compare playing with the baseline' };
    const run = async (label: string, runSpeed: number): Promise<void> => {
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      await context.addCookies([{ name: 'cityops_session', value: login.token, url: server.url }]);
      const page = await context.newPage();
      try {
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Performance.enable');
        const task = async (): Promise<number> => {
          const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
          return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
        };
        const nav = performance.now();
        await page.goto(`${server.url}/wall?area=${server.model.cityCode}&alarm=0&replay=${day}&speed=${runSpeed}&end=loop`);
        await page.waitForSelector('[data-testid="replay-badge"][data-status="ready"] [data-testid="replay-clock"]', { timeout: 300_000 });
        const readyMs = performance.now() - nav;
        const badge = page.locator('[data-testid="replay-badge"]');
        const loadMs = Number(await badge.getAttribute('data-load-ms'));
        const cases = await badge.getAttribute('data-cases');
        const events = await badge.getAttribute('data-events');
        // Let the first full upload and the map's own loading settle before the window.
        await page.waitForTimeout(3000);
        const clock = async (): Promise<number> => Number(await page.getAttribute('[data-testid="replay-clock"]', 'data-time'));
        const t0 = await task();
        const c0 = await clock();
        const w0 = performance.now();
        await page.waitForTimeout(seconds * 1000);
        const t1 = await task();
        const c1 = await clock();
        const wall = (performance.now() - w0) / 1000;
        figures[`${label}: navigation → replay playing (ms)`] = Math.round(readyMs);
        figures[`${label}: replay request → player ready, in the page (ms)`] = Math.round(loadMs);
        figures[`${label}: cases / events`] = `${cases} / ${events}`;
        figures[`${label}: main thread busy (%)`] = round1(((t1 - t0) / wall) * 100);
        figures[`${label}: replay minutes a wall second`] = round1((c1 >= c0 ? c1 - c0 : c1 - c0 + DAY_MS) / 60_000 / wall);
      } finally {
        await context.close();
      }
    };
    await run(`×${speed}`, speed);
    await run('baseline ×1', 1);
    return figures;
  } finally {
    await browser.close();
    await server.close();
  }
}

