import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureClientBuilt } from '../e2e/chromiumSetup.js';
import { loadCity } from '../fixtures/loadCity.js';
import { startTestServer, type TestServer } from '../server/src/testing/testServer.js';
import { writeHistory } from './history.js';
import { inputMaker, numberArg, percentile, REPO_ROOT, round1, tempDir, type BenchArgs, type Figures } from './benchUtil.js';

const DAY_MS = 86_400_000;
/** The wall passes a change of its case columns to the map at most this often (WallMap's MAP_FEED_MS). */
const MAP_FEED_MS = 1000;
/** The hub sends at most one delta per tick (liveHub.ts). */
const HUB_TICK_MS = 250;
/** Concurrent POST /api/cases/:id/actions while an update is posted. */
const ACTION_PARALLEL = 25;
const SNAPSHOT_PATH = '/api/map/cases';
/** No frame for this long: the map has drawn what it was given (ms). */
const QUIET_MS = 1500;
/**
 * The browser tests' flags less --disable-gpu: with it ANGLE falls back to SwiftShader whatever
 * --use-angle says; without it, --use-angle=gl-egl --ignore-gpu-blocklist gives Mesa llvmpipe
 * here (the page's WebGL renderer string is printed to check).
 */
export const MESA_ARGS = CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu');

/**
 * Records, from before the wall's code runs: every `area:delta` frame on the page's WebSocket
 * (Socket.IO text packets), every change of the map element's `data-frames`,
 * `data-case-points` and `data-case-points-loads`, and the long tasks, in page time
 * (performance.now(): ms since the navigation started). Each list is bounded.
 */
const PAGE_PROBE = `(() => {
  const MAX = 200000;
  const p = { msgs: [], frames: [], points: [], loads: [], longtasks: [] };
  const push = (list, item) => { if (list.length < MAX) list.push(item); };
  window.__mapBench = p;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (typeof e.data === 'string' && e.data.startsWith('42["area:delta"')) push(p.msgs, [performance.now(), e.data.length]);
      });
    }
  };
  new MutationObserver((records) => {
    const t = performance.now();
    for (const r of records) {
      const v = r.target.getAttribute(r.attributeName);
      if (r.attributeName === 'data-frames') push(p.frames, t);
      else if (r.attributeName === 'data-case-points') push(p.points, [t, Number(v)]);
      else push(p.loads, [t, Number(v)]);
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-frames', 'data-case-points', 'data-case-points-loads'] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) push(p.longtasks, [e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
})();`;

interface Probe {
  msgs: [number, number][];
  frames: number[];
  points: [number, number][];
  loads: [number, number][];
  longtasks: [number, number][];
}

interface ChromiumCpu {
  /** Renderer processes: the page's JS, deck.gl, the WebGL calls. */
  renderer: number;
  /** Their main threads only: the page's JS, layout and WebGL calls; a thread waiting on the GPU process uses none. */
  rendererMain: number;
  /** The GPU process: where llvmpipe (or SwiftShader) draws. */
  gpu: number;
  /** Every Chromium process this process started. */
  all: number;
}

/** CPU seconds (/proc, user + system, all threads) of the Chromium processes this process started, by kind. */
function chromiumCpu(): ChromiumCpu {
  const parents = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(name), Number(fields[1]));
      ticks.set(Number(name), Number(fields[11]) + Number(fields[12]));
    } catch {
      // the process ended meanwhile
    }
  }
  const ours = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === process.pid) return true;
    return false;
  };
  const cpu = { renderer: 0, rendererMain: 0, gpu: 0, all: 0 };
  for (const [pid, t] of ticks) {
    if (pid === process.pid || !ours(pid)) continue;
    let type = '';
    try {
      type = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? '';
    } catch {
      // ended
    }
    const seconds = t / 100; // USER_HZ
    cpu.all += seconds;
    if (type === 'renderer') {
      cpu.renderer += seconds;
      cpu.rendererMain += mainThreadSeconds(pid);
    }
    else if (type === 'gpu-process') cpu.gpu += seconds;
  }
  return cpu;
}

/** CPU seconds (user + system) of a process's main thread (the thread whose id is the process's), 0 if it ended. */
function mainThreadSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0; // ended meanwhile
  }
}

const cpuSince = (a: ChromiumCpu, b: ChromiumCpu): ChromiumCpu => ({
  renderer: (b.renderer - a.renderer) * 1000,
  rendererMain: (b.rendererMain - a.rendererMain) * 1000,
  gpu: (b.gpu - a.gpu) * 1000,
  all: (b.all - a.all) * 1000,
});

async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
}

const probe = async (page: Page): Promise<Probe> => (await page.evaluate('window.__mapBench')) as Probe;
const pageNow = async (page: Page): Promise<number> => Number(await page.evaluate('performance.now()'));

/** Waits until no frame was drawn for `quietMs` (the wall animates new cases' pulses for a while), at most `timeoutMs`. */
async function settle(page: Page, quietMs: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { frames } = await probe(page);
    const last = frames[frames.length - 1] ?? 0;
    if ((await pageNow(page)) - last >= quietMs) return true;
    await page.waitForTimeout(200);
  }
  return false;
}

/** Polls `check` every 100 ms until it returns a value, at most `timeoutMs`. */
async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`bench: ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Seeds `open` open cases of the whole city (the simulator's mix, reported over the last week) into a new SQLite store in `dataDir`. */
async function seed(dataDir: string, open: number): Promise<number> {
  const { model } = loadCity();
  const now = Date.now() - 60_000;
  const started = performance.now();
  await writeHistory(model, dataDir, { total: open, from: now - 7 * DAY_MS, to: now, openShare: 1, now, seed: 'bench-mapclient', deadlines: false });
  return (performance.now() - started) / 1000;
}

/** Ids of `n` reported cases (the case list, newest first), for the state changes. */
async function reportedIds(server: TestServer, n: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  while (ids.length < n) {
    const res = await server.api.get(`/api/cases?status=reported&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (res.status !== 200) throw new Error(`bench: GET /api/cases answered ${res.status}`);
    const body = res.body as { items: { id: string }[]; nextCursor: string | null };
    ids.push(...body.items.map((c) => c.id));
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  if (ids.length < n) throw new Error(`bench: ${n} reported cases wanted for the state changes, ${ids.length} stored`);
  return ids.slice(0, n);
}

interface Update {
  /** Main-thread task time (CDP TaskDuration: wall time of its tasks, not CPU). */
  taskMs: number;
  /** CPU ms by process kind. */
  cpu: ChromiumCpu;
  postMs: number;
  /** Actions sent again after a connection reset. */
  retried: number;
  /** Points the map lacked at the end (the new cases accepted less those drawn). */
  pointsShort: number;
  longTasks: number;
  longTaskMs: number;
  messageToFrameMs: number;
  loads: number;
  deltas: number;
  /** Map frames drawn in the CPU window. */
  frames: number;
  /** The CPU window's length (ms): from before the posts to the map gone quiet. */
  windowMs: number;
}

/** Posts one second of live data (`perSecond` new cases in one batch, `perSecond` register actions on open cases) and times it on the page. */
async function oneUpdate(page: Page, cdp: CDPSession, server: TestServer, ids: string[], perSecond: number, make: (now: number) => unknown, inflight: () => number): Promise<Update> {
  const p0 = await probe(page);
  const pointsBefore = p0.points[p0.points.length - 1]?.[1] ?? 0;
  const loadsBefore = p0.loads[p0.loads.length - 1]?.[1] ?? 0;
  const start = await pageNow(page);
  const task0 = await taskSeconds(cdp);
  const cpu0 = chromiumCpu();
  const window0 = performance.now();
  const origin = Number(await page.evaluate('performance.timeOrigin'));

  const now = Date.now();
  const postStart = performance.now();
  const batch = Array.from({ length: perSecond }, () => make(now));
  const changed = ids.splice(0, perSecond);
  const posted = server.api.post('/api/cases', batch);
  let next = 0;
  let retried = 0;
  const actions = Array.from({ length: ACTION_PARALLEL }, async () => {
    while (next < changed.length) {
      const id = changed[next++]!;
      const register = () => server.api.post(`/api/cases/${id}/actions`, { type: 'register' });
      // A kept-alive connection the server closed as the request went out (ECONNRESET on a busy
      // machine): sent again once; a 409 then says the first one was applied.
      const res = await register().catch(async () => {
        retried++;
        return register();
      });
      if (res.status >= 300 && !(retried > 0 && res.status === 409)) throw new Error(`bench: register ${id} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
  });
  const res = await posted;
  await Promise.all(actions);
  if (res.status >= 300) throw new Error(`bench: POST /api/cases answered ${res.status}: ${JSON.stringify(res.body)}`);
  const accepted = (res.body as { accepted?: number }).accepted ?? 0;
  const postMs = performance.now() - postStart;
  const postedAt = Date.now() - origin; // page time

  // A delta a tick after the last answer carries the last of it (or counts what it left out).
  const lastDelta = await until('no delta after the posts', 60_000, async () => (await probe(page)).msgs.find(([t]) => t >= postedAt + HUB_TICK_MS)?.[0] ?? null);
  const expected = pointsBefore + accepted;
  // Done once every change can have reached the layers (the map takes a change of the columns
  // within MAP_FEED_MS), no snapshot load is in flight and no frame was drawn for QUIET_MS: the
  // last frame drawn then holds all of it.
  const settled = await until('the map never went quiet after the update', 180_000, async () => {
    if (inflight() > 0) return null;
    const p = await probe(page);
    const now = await pageNow(page);
    const lastLoad = p.loads.filter(([t]) => t > start).at(-1)?.[0] ?? 0;
    const frame = p.frames.at(-1) ?? 0;
    if (now < Math.max(lastDelta, lastLoad) + MAP_FEED_MS || now - frame < QUIET_MS || frame < lastDelta) return null;
    return { frame, p };
  });
  const task1 = await taskSeconds(cdp);
  const cpu1 = chromiumCpu();
  const windowMs = performance.now() - window0;
  const { frame, p } = settled;
  const firstMsg = p.msgs.find(([t]) => t >= start)?.[0] ?? start;
  const tasks = p.longtasks.filter(([t]) => t >= start && t <= frame);
  const pointsAfter = p.points.at(-1)?.[1] ?? 0;
  const loadsAfter = p.loads.filter(([t]) => t <= frame).at(-1)?.[1] ?? loadsBefore;
  return {
    taskMs: (task1 - task0) * 1000,
    cpu: cpuSince(cpu0, cpu1),
    postMs,
    retried,
    pointsShort: expected - pointsAfter,
    longTasks: tasks.length,
    longTaskMs: tasks.reduce((n, [, d]) => n + d, 0),
    messageToFrameMs: frame - firstMsg,
    loads: loadsAfter - loadsBefore,
    deltas: p.msgs.filter(([t]) => t >= start && t <= frame).length,
    frames: p.frames.filter((t) => t >= start && t <= frame).length,
    windowMs,
  };
}

const spread = (values: number[]): string => {
  const sorted = Float64Array.from(values).sort();
  return `${Math.round(percentile(sorted, 50))} / ${Math.round(percentile(sorted, 95))}`;
};

/**
 * `npm run bench -- mapclient [--cases 100000 --updates 10 --rate 1000]`: the wall's map in real
 * headless Chromium with software WebGL (MESA_ARGS: Mesa llvmpipe through ANGLE's gl-egl).
 * A server in-process over `cases` open cases of the whole city (written straight into its
 * SQLite store), the wall following the city at 1920×1080 with `?points=200000`:
 * 1. navigation → the first frame drawn with every point, and the snapshot's bytes (the page's
 *    own GET /api/map/cases: on the wire and decoded);
 * 2. `updates` times one second of live data through the real API (`rate` new cases in one
 *    POST /api/cases, `rate` register actions): the renderer's main-thread CPU (CDP TaskDuration)
 *    and all Chromium processes' CPU (the GPU process draws) from before the POSTs to the first
 *    frame before the map goes quiet, long tasks, the first delta message → that frame, and the
 *    snapshot loads each update caused. An idle window of the same wall is the baseline.
 * Prints figures; never fails on speed.
 */
export async function benchMapClient(args: BenchArgs): Promise<Figures> {
  const open = Math.round(numberArg(args, 'cases', 100_000));
  const updates = Math.round(numberArg(args, 'updates', 10));
  const rate = Math.round(numberArg(args, 'rate', 1000));
  // The wall's ?layers= (its default when absent): e.g. `--layers choropleth,points` without the heatmap.
  const layers = args.layers === undefined ? '' : `&layers=${encodeURIComponent(args.layers)}`;
  ensureClientBuilt(REPO_ROOT);
  const dir = tempDir('cityops-bench-mapclient-');
  try {
    const seedS = await seed(dir.path, open);
    const server = await startTestServer({ clientDir: join(REPO_ROOT, 'client/dist'), dataDir: dir.path });
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: MESA_ARGS });
    try {
      // A person's session cookie (a device link would sign in and reload the page on its own).
      const password = 'a long enough bench secret';
      await server.auth.createAccount({ username: 'bench.mapclient', name: 'bench mapclient', role: 'analyst', scope: server.model.cityCode, kind: 'person', password }, null);
      const login = await server.auth.login('bench.mapclient', password, null);
      if (!login.ok) throw new Error('bench: sign-in failed');
      const ids = await reportedIds(server, rate * updates);

      // The page's probe strings need eval, which the wall's CSP forbids (its own code does not).
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, bypassCSP: true });
      await context.addCookies([{ name: 'cityops_session', value: login.token, url: server.url }]);
      const page = await context.newPage();
      let inflight = 0;
      page.on('request', (r) => void (r.url().includes(SNAPSHOT_PATH) && inflight++));
      const done = (r: { url: () => string }): void => void (r.url().includes(SNAPSHOT_PATH) && inflight--);
      page.on('requestfinished', done);
      page.on('requestfailed', done);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      await page.addInitScript(PAGE_PROBE);

      // ---- 1. the first frame of every point
      await page.goto(`${server.url}/wall?area=${server.model.cityCode}&alarm=0&points=200000${layers}`);
      const firstFrameMs = await until('no frame with every point', 300_000, async () => {
        const p = await probe(page);
        const at = p.points.find(([, v]) => v >= open)?.[0];
        return at === undefined ? null : (p.frames.find((t) => t >= at) ?? null);
      });
      const renderer = String(
        await page.evaluate(`(() => { const gl = document.createElement('canvas').getContext('webgl2'); const i = gl && gl.getExtension('WEBGL_debug_renderer_info'); return gl ? (i ? gl.getParameter(i.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER)) : 'no WebGL2'; })()`),
      );
      console.error(`mapclient: ${renderer}: first frame of every point ${Math.round(firstFrameMs)} ms after navigation`);
      const snapshot = (await page.evaluate(
        `performance.getEntriesByType('resource').filter((e) => e.name.includes('${SNAPSHOT_PATH}')).map((e) => ({ wire: e.transferSize, body: e.encodedBodySize, raw: e.decodedBodySize, ms: e.responseEnd - e.startTime }))`,
      )) as { wire: number; body: number; raw: number; ms: number }[];
      const first = snapshot[0];

      // ---- the idle baseline: the same wall with no new data
      const settledFirst = await settle(page, 2000, 60_000);
      const idleS = 5;
      const idleTask0 = await taskSeconds(cdp);
      const idleCpu0 = chromiumCpu();
      const idleStart = performance.now();
      const idlePageStart = await pageNow(page);
      await page.waitForTimeout(idleS * 1000);
      const idleFrames = (await probe(page)).frames.filter((t) => t >= idlePageStart).length;
      const idleWall = (performance.now() - idleStart) / 1000;
      const idleTaskRate = ((await taskSeconds(cdp)) - idleTask0) / idleWall;
      const idleCpu = cpuSince(idleCpu0, chromiumCpu());
      const perSecond = (ms: number) => Math.round(ms / idleWall);

      // ---- 2. one second of live data, `updates` times
      const make = inputMaker(server.model, 'bench-mapclient-live');
      const results: Update[] = [];
      let unsettled = settledFirst ? 0 : 1;
      for (let i = 0; i < updates; i++) {
        if (!(await settle(page, 1500, 60_000))) unsettled++;
        const u = await oneUpdate(page, cdp, server, ids, rate, make, () => inflight);
        console.error(`mapclient: update ${i + 1}/${updates}: ${JSON.stringify(u)}`);
        results.push(u);
      }
      const pick = (f: (u: Update) => number) => results.map(f);
      const sum = (f: (u: Update) => number) => results.reduce((n, u) => n + f(u), 0);
      return {
        'WebGL renderer': renderer,
        'wall layers': layers ? args.layers! : 'the default',
        'open cases seeded (store insert, s)': `${open} (${round1(seedS)})`,
        'first frame of every point, from navigation (ms)': Math.round(firstFrameMs),
        'snapshot request → last byte, in the page (ms)': first ? Math.round(first.ms) : 'not seen',
        'snapshot bytes raw / transferred (body gzip)': first ? `${first.raw} / ${first.wire} (${first.body})` : 'not seen',
        'snapshot bytes a point raw / transferred': first ? `${round1(first.raw / open)} / ${round1(first.wire / open)}` : 'not seen',
        'idle wall, a second: main-thread task time (ms)': Math.round(idleTaskRate * 1000),
        'idle wall, a second: CPU renderer (its main thread) / GPU process / all (ms)': `${perSecond(idleCpu.renderer)} (${perSecond(idleCpu.rendererMain)}) / ${perSecond(idleCpu.gpu)} / ${perSecond(idleCpu.all)}`,
        [`updates (${rate} new + ${rate} state changes each)`]: updates,
        'posting an update (1 batch + actions) p50 / p95 (ms)': spread(pick((u) => u.postMs)),
        'renderer CPU an update p50 / p95 (ms)': spread(pick((u) => u.cpu.renderer)),
        // What the update itself cost the page: its renderer CPU less the idle wall's over as long.
        'renderer CPU an update above the idle wall p50 / p95 (ms)': spread(pick((u) => u.cpu.renderer - (idleCpu.renderer / idleWall) * (u.windowMs / 1000))),
        'main-thread task time an update above the idle wall p50 / p95 (ms)': spread(pick((u) => u.taskMs - idleTaskRate * u.windowMs)),
        // The page's own CPU for the update: its main thread's CPU (not the wall time of its tasks, which includes waits on the GPU process) above the idle rate.
        'renderer main-thread CPU an update above the idle wall p50 / p95 (ms)': spread(pick((u) => u.cpu.rendererMain - (idleCpu.rendererMain / idleWall) * (u.windowMs / 1000))),
        'GPU process CPU an update p50 / p95 (ms)': spread(pick((u) => u.cpu.gpu)),
        // The GPU process also rasterises the page's DOM (llvmpipe here): its idle rate is taken off.
        'map frames: idle wall a second / an update mean': `${round1(idleFrames / idleWall)} / ${round1(sum((u) => u.frames) / updates)}`,
        'GPU process CPU a map frame, above the idle wall p50 / p95 (ms)': spread(pick((u) => (u.cpu.gpu - (idleCpu.gpu / idleWall) * (u.windowMs / 1000)) / Math.max(1, u.frames))),
        'all Chromium CPU an update p50 / p95 (ms)': spread(pick((u) => u.cpu.all)),
        'main-thread task time an update p50 / p95 (ms)': spread(pick((u) => u.taskMs)),
        'first delta → last frame before quiet p50 / p95 (ms)': spread(pick((u) => u.messageToFrameMs)),
        'long tasks an update mean (ms in them)': `${round1(sum((u) => u.longTasks) / updates)} (${Math.round(sum((u) => u.longTaskMs) / updates)})`,
        'snapshot loads an update mean (max)': `${round1(sum((u) => u.loads) / updates)} (${Math.max(...pick((u) => u.loads))})`,
        'delta messages an update mean': round1(sum((u) => u.deltas) / updates),
        'starts without a settled map': unsettled,
        'points short of the accepted cases at an update\'s end (max)': Math.max(...pick((u) => u.pointsShort)),
        'actions sent again after a connection reset': sum((u) => u.retried),
        note: 'software WebGL on a shared machine: an update runs from before its POSTs to the last frame before the map went quiet (1.5 s without a frame, at least 1 s after the last delta: the map throttle), so its idle cost is in it too',
      };
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    dir.remove();
  }
}
