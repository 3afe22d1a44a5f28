import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureClientBuilt } from '../e2e/chromiumSetup.js';
import { startTestServer, type TestServer } from '../server/src/testing/testServer.js';
import { inputMaker, numberArg, parseBenchArgs, percentile, REPO_ROOT, round1, type BenchArgs, type Figures } from './benchUtil.js';

/**
 * `npm run bench:wall [-- --seconds 15 --rate 1000]`: the wall in headless Chromium under load.
 * A real server in-process (port 0, empty store), cases POSTed in batches at `rate`/s while the wall
 * follows the whole city at 1920×1080 and at 3840×2160. Per size: requestAnimationFrame deltas
 * (p50, p95), renderer CPU per applied delta (CDP TaskDuration / ScriptDuration deltas divided by
 * the deltas the feed applied, read from the map's data-live-seq), navigation → first frame drawn
 * with live data; and the JS index.html loads eagerly, gzipped. Never fails on speed.
 *
 * Software WebGL here (no GPU): absolute frame times mean nothing; compare the 4K : 1080p ratios.
 */

const SIZES = [
  { name: '1920x1080', width: 1920, height: 1080 },
  { name: '3840x2160', width: 3840, height: 2160 },
] as const;
/** Cases per POST: a batch every 100 ms at 1,000 cases/s. */
const BATCH_EVERY_MS = 100;
/** rAF deltas kept in the page (a 15 s window at 60 fps is 900). */
const MAX_FRAMES = 20_000;

/** Records rAF deltas and the first frame after the feed's first data, before the wall's code runs. */
const PAGE_PROBE = `(() => {
  const deltas = new Float64Array(${MAX_FRAMES});
  const probe = { deltas, count: 0, recording: false, firstLiveFrameAt: null, last: null };
  window.__wallBench = probe;
  const tick = (t) => {
    if (probe.recording && probe.last !== null && probe.count < deltas.length) deltas[probe.count++] = t - probe.last;
    probe.last = t;
    if (probe.firstLiveFrameAt === null) {
      const map = document.querySelector('[data-testid="wall-map"]');
      if (map && map.dataset.liveSeq) probe.firstLiveFrameAt = t;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

interface SizeFigures {
  frameP50: number;
  frameP95: number;
  frames: number;
  deltasApplied: number;
  taskMsPerDelta: number;
  scriptMsPerDelta: number;
  firstLiveFrameMs: number;
  casesPosted: number;
}

/** POSTs batches from `next` at `rate` cases/s until stopped; counts what the server accepted. */
function startLoad(server: TestServer, rate: number): { stop: () => Promise<number> } {
  const next = inputMaker(server.model, 'bench-wall');
  const perBatch = Math.max(1, Math.round((rate * BATCH_EVERY_MS) / 1000));
  let accepted = 0;
  let running = true;
  const inflight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    if (!running || inflight.size > 4) return; // the server is behind: do not pile up requests
    const now = Date.now();
    const batch = Array.from({ length: perBatch }, () => next(now));
    const p = server.api.post('/api/cases', batch).then(
      (res) => {
        const body = res.body as { accepted?: number };
        if (res.status < 300) accepted += body.accepted ?? 0;
      },
      () => {},
    );
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  }, BATCH_EVERY_MS);
  return {
    stop: async () => {
      running = false;
      clearInterval(timer);
      await Promise.all(inflight);
      return accepted;
    },
  };
}

async function measure(browser: Browser, server: TestServer, token: string, size: (typeof SIZES)[number], seconds: number, rate: number): Promise<SizeFigures> {
  // The wall's CSP forbids eval; the probe's string expressions need it (the page's own code does not).
  const page = await browser.newPage({ viewport: { width: size.width, height: size.height }, bypassCSP: true });
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.addInitScript(PAGE_PROBE);
    const load = startLoad(server, rate);
    const navStart = Date.now();
    await page.goto(`${server.url}/wall?device=${token}&area=${server.model.cityCode}&alarm=0`);
    await page.waitForFunction('window.__wallBench.firstLiveFrameAt !== null', undefined, { timeout: 120_000, polling: 100 });
    // performance.now() counts from the navigation's start in the page.
    const firstLiveFrameMs = Number(await page.evaluate('window.__wallBench.firstLiveFrameAt')) || Date.now() - navStart;
    const metrics = async () => {
      const { metrics: list } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
      const get = (name: string) => list.find((m) => m.name === name)?.value ?? 0;
      return { task: get('TaskDuration'), script: get('ScriptDuration') };
    };
    const seq = async () => Number(await page.getAttribute('[data-testid="wall-map"]', 'data-live-seq')) || 0;
    const m0 = await metrics();
    const s0 = await seq();
    await page.evaluate('window.__wallBench.recording = true; window.__wallBench.count = 0; window.__wallBench.last = null;');
    await page.waitForTimeout(seconds * 1000);
    await page.evaluate('window.__wallBench.recording = false;');
    const m1 = await metrics();
    const s1 = await seq();
    const casesPosted = await load.stop();
    const deltas = (await page.evaluate('Array.from(window.__wallBench.deltas.subarray(0, window.__wallBench.count))')) as number[];
    const sorted = Float64Array.from(deltas).sort();
    const applied = Math.max(1, s1 - s0);
    return {
      frameP50: round1(percentile(sorted, 50)),
      frameP95: round1(percentile(sorted, 95)),
      frames: sorted.length,
      deltasApplied: s1 - s0,
      // CDP durations are seconds.
      taskMsPerDelta: round1(((m1.task - m0.task) * 1000) / applied),
      scriptMsPerDelta: round1(((m1.script - m0.script) * 1000) / applied),
      firstLiveFrameMs: Math.round(firstLiveFrameMs),
      casesPosted,
    };
  } finally {
    await page.close();
  }
}

/** The JS index.html loads before anything else: its module scripts and modulepreloads, gzipped. */
export function firstLoadJsGzip(distDir: string): { bytes: number; files: string[] } {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const files = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"/g)) files.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)) files.add(m[1]!);
  let bytes = 0;
  for (const f of files) bytes += gzipSync(readFileSync(join(distDir, f.replace(/^\//, '')))).length;
  return { bytes, files: [...files] };
}

export async function benchWall(args: BenchArgs): Promise<Figures> {
  const seconds = numberArg(args, 'seconds', 15);
  const rate = numberArg(args, 'rate', 1000);
  ensureClientBuilt(REPO_ROOT);
  const distDir = join(REPO_ROOT, 'client/dist');
  const server = await startTestServer({ clientDir: distDir });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const token = (await server.auth.createDevice({ label: 'bench wall', scope: server.model.cityCode, kind: 'display' }, null)).token;
    const figures: Figures = { note: 'software WebGL: absolute times mean nothing here, compare the ratios' };
    const bySize: SizeFigures[] = [];
    for (const size of SIZES) {
      const f = await measure(browser, server, token, size, seconds, rate);
      bySize.push(f);
      for (const [key, value] of Object.entries(f)) figures[`${size.name} ${key}`] = value;
    }
    const [hd, uhd] = bySize as [SizeFigures, SizeFigures];
    const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : NaN);
    figures['ratio 4K:1080p frame p50'] = ratio(uhd.frameP50, hd.frameP50);
    figures['ratio 4K:1080p frame p95'] = ratio(uhd.frameP95, hd.frameP95);
    figures['ratio 4K:1080p task ms/delta'] = ratio(uhd.taskMsPerDelta, hd.taskMsPerDelta);
    figures['ratio 4K:1080p script ms/delta'] = ratio(uhd.scriptMsPerDelta, hd.scriptMsPerDelta);
    figures['ratio 4K:1080p first live frame'] = ratio(uhd.firstLiveFrameMs, hd.firstLiveFrameMs);
    const js = firstLoadJsGzip(distDir);
    figures['first-load JS gzip kB'] = round1(js.bytes / 1024);
    figures['first-load JS files'] = js.files.length;
    return figures;
  } finally {
    await browser.close();
    await server.close();
  }
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'));
if (isMain) {
  const { args } = parseBenchArgs(process.argv.slice(2));
  const figures = await benchWall(args);
  console.log('\n== wall');
  for (const [key, value] of Object.entries(figures)) console.log(`  ${key.padEnd(40)} ${value}`);
}
