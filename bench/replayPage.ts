import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, ensureClientBuilt } from '../e2e/chromiumSetup.js';
import { startTestServer } from '../server/src/testing/testServer.js';
import { numberArg, REPO_ROOT, round1, type BenchArgs, type Figures } from './benchUtil.js';
import { MESA_ARGS } from './mapClient.js';

const DAY_MS = 86_400_000;

/**
 * `npm run bench -- replaypage [--seconds 20 --speed 3600 --hours 24]`: the client side of a
 * replay. A server in-process over a simulated day of the whole city (its clock fixed at the end
 * of a Beijing day, the simulator's backfill filling that day), and /wall?replay=<that day> in
 * headless Chromium at 1920×1080: navigation → replay ready (the page's own request → player
 * figure, and to the badge's first clock), then, while it plays at `speed`, the main thread's busy
 * share (CDP TaskDuration over the window) and the replay time covered; the same window paused
 * (`speed` 1, nearly still) as the baseline. Software WebGL (Mesa llvmpipe): compare the two, not
 * the absolutes.
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
  // Mesa llvmpipe with GPU compositing (MESA_ARGS), as the map and desk benchmarks: with
  // --disable-gpu the compositor reads each WebGL frame back on the main thread (~2 s a frame), so
  // the page is as busy paused as playing and its figures say nothing of the replay.
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: MESA_ARGS });
  try {
    // A person's session cookie (a device link would sign in and reload the page on its own).
    const password = 'a long enough bench secret';
    await server.auth.createAccount({ username: 'bench.replay', name: 'bench replay', role: 'analyst', scope: server.model.cityCode, kind: 'person', password }, null);
    const login = await server.auth.login('bench.replay', password, null);
    if (!login.ok) throw new Error('bench: sign-in failed');
    const figures: Figures = { 'day (Beijing)': day, 'backfill (s)': round1(backfillS), note: 'software WebGL on a shared machine: compare playing with the baseline' };
    const run = async (label: string, runSpeed: number, windowS: number): Promise<void> => {
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
        // The request as the browser saw it: queued, waiting for the first byte, reading the body.
        const timing = await page.evaluate(() => {
          const entry = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/replay')) as unknown as { startTime: number; requestStart: number; responseStart: number; responseEnd: number } | undefined;
          return entry ? { start: entry.startTime, firstByte: entry.responseStart - entry.requestStart, body: entry.responseEnd - entry.responseStart, navToEnd: entry.responseEnd } : null;
        });
        // Let the first full upload and the map's own loading settle before the window.
        await page.waitForTimeout(3000);
        const clock = async (): Promise<number> => Number(await page.getAttribute('[data-testid="replay-clock"]', 'data-time'));
        const t0 = await task();
        const c0 = await clock();
        const w0 = performance.now();
        await page.waitForTimeout(windowS * 1000);
        const t1 = await task();
        const c1 = await clock();
        const wall = (performance.now() - w0) / 1000;
        figures[`${label}: navigation → replay playing (ms)`] = Math.round(readyMs);
        figures[`${label}: replay request → player ready, in the page (ms)`] = Math.round(loadMs);
        if (timing) {
          figures[`${label}: replay request sent, after navigation (ms)`] = Math.round(timing.start);
          figures[`${label}: replay request → first byte / body read (ms)`] = `${Math.round(timing.firstByte)} / ${Math.round(timing.body)}`;
          figures[`${label}: replay answer read → player ready (ms)`] = Math.round(loadMs - (timing.navToEnd - timing.start));
        }
        figures[`${label}: cases / events`] = `${cases} / ${events}`;
        if (windowS === 0) return;
        figures[`${label}: main thread busy (%)`] = round1(((t1 - t0) / wall) * 100);
        figures[`${label}: replay minutes a wall second`] = round1((c1 >= c0 ? c1 - c0 : c1 - c0 + DAY_MS) / 60_000 / wall);
      } finally {
        await context.close();
      }
    };
    // The first page of a browser compiles the map's WebGL programs (seconds in software GL, the
    // main thread waiting on them): measured apart, so the two compared below start warm.
    await run('first page (programs compiled)', 1, 0);
    await run(`×${speed}`, speed, seconds);
    await run('baseline ×1', 1, seconds);
    return figures;
  } finally {
    await browser.close();
    await server.close();
  }
}

