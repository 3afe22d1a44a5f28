import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_PATH, ensureClientBuilt } from '../e2e/chromiumSetup.js';
import { createRandom } from '../shared/src/util/prng.js';
import { MESA_ARGS } from './mapClient.js';
import { demoToken, numberArg, percentile, REPO_ROOT, round1, startServerProcess, tempDir, type BenchArgs, type Figures } from './benchUtil.js';

/** One filter state of the run: its query (the desk's URL and the API's) and the cases it matches. */
interface DeskChange {
  state: string;
  sort: string;
  total: number;
}

/** The desk's panels, each read as the number of cases it shows. */
const PANELS = ['table', 'kpi', 'categoryChart', 'urgencyChart', 'map'] as const;
type Panel = (typeof PANELS)[number];
interface Settled {
  /** ms from the change until every panel shows it with none busy or failed. */
  all: number;
  /** ms until each panel first showed the new count, and `busy`: the last moment one said it was loading. */
  panels: Record<Panel | 'busy', number>;
  /** The last element that said it was loading (aria-busy), by its test id or class. */
  lastBusy: string | null;
  /** The desk's query string after the change. */
  search?: string;
  /** Heavy queries (KPIs, breakdowns) the page sent during the change, the 429s among their answers, and those it gave up (aborted). */
  heavy?: { sent: number; refused: number; abandoned: number };
  /** The page's API requests that started during the change: path (and \`by\`), ms from the change to their start and to their last byte. */
  requests: { name: string; start: number; end: number }[];
  /** The page's long tasks during the change: ms from the change to their start, and their duration. */
  longTasks: { start: number; ms: number }[];
  /** With --profile 1: the functions the page's main thread spent most time in during the change (self time). */
  selfTime?: string;
}

/** The parts of a V8 CPU profile (CDP Profiler.stop) read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** The 8 functions with the most self time in a profile (idle left out), as "name file:line:col ms". */
function topSelfTime(profile: CpuProfile): string {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const ms = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = frames.get(id);
    if (!f || f.functionName === '(idle)') return;
    const key = `${f.functionName || '(anonymous)'}${f.url ? ` ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`;
    ms.set(key, (ms.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...ms].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ');
}

/**
 * In the page: resolves when every panel shows \`total\` cases of the new state (the table's
 * total, the KPI figure, both charts' sums, the map's cases) with none busy or failed, with the ms
 * from the call to then and to each panel's first showing it. Checked on every DOM change and
 * every animation frame, so a figure is the first moment that showed it.
 */
const SETTLED_IN_PAGE = `(total) => new Promise((resolve, reject) => {
  const t0 = performance.now();
  // Its buffer holds 250 entries: each change starts it empty.
  performance.clearResourceTimings();
  const num = (sel, attr) => Number(document.querySelector(sel)?.getAttribute(attr) ?? NaN);
  const shows = {
    table: () => num('[data-testid="desk-table"]', 'data-total'),
    kpi: () => Number((document.querySelector('[data-testid="kpi-received"]')?.textContent ?? '').replace(/,/g, '')),
    categoryChart: () => num('[data-testid="desk-chart-category"]', 'data-sum'),
    urgencyChart: () => num('[data-testid="desk-chart-urgency"]', 'data-sum'),
    map: () => num('[data-testid="wall-map"]', 'data-cases-total'),
  };
  const panels = {};
  let lastBusy = null;
  const requests = () => performance.getEntriesByType('resource')
    .filter((e) => e.startTime >= t0 && new URL(e.name).pathname.startsWith('/api/'))
    .map((e) => { const u = new URL(e.name); const by = u.searchParams.get('by'); return { name: u.pathname + (by ? '?by=' + by : ''), start: Math.round(e.startTime - t0), end: Math.round(e.responseEnd - t0) }; });
  let done = false;
  const check = () => {
    if (done) return;
    const t = performance.now() - t0;
    let all = true;
    for (const [name, read] of Object.entries(shows)) {
      if (read() === total) panels[name] ??= t;
      else all = false;
    }
    const busy = document.querySelector('[aria-busy="true"]');
    if (busy) {
      panels.busy = t;
      lastBusy = busy.getAttribute('data-testid') ?? busy.className;
    }
    if (all && !busy && !document.querySelector('.desk-error')) finish(() => { keep(tasks.takeRecords()); resolve({ all: t, panels, lastBusy, requests: requests(), longTasks }); });
  };
  const longTasks = [];
  const keep = (entries) => { for (const e of entries) longTasks.push({ start: Math.round(e.startTime - t0), ms: Math.round(e.duration) }); };
  const tasks = new PerformanceObserver((list) => keep(list.getEntries()));
  tasks.observe({ type: 'longtask' });
  const finish = (fn) => { done = true; observer.disconnect(); tasks.disconnect(); clearTimeout(timer); fn(); };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  const frame = () => { check(); if (!done) requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  const timer = setTimeout(() => finish(() => reject(new Error('the desk did not settle on ' + total + ' cases in 180 s: ' + JSON.stringify({ shows: Object.fromEntries(Object.entries(shows).map(([k, read]) => [k, read()])), busy: document.querySelector('[aria-busy="true"]')?.getAttribute('data-testid') ?? null, error: document.querySelector('.desk-error')?.textContent ?? null })))), 180000);
})`;

/** Which panels were the last to say they were loading, and how often. */
function lastBusy(settled: readonly Settled[]): string {
  const counts = new Map<string, number>();
  for (const { lastBusy: name } of settled) counts.set(name ?? 'none', (counts.get(name ?? 'none') ?? 0) + 1);
  return [...counts].map(([name, n]) => `${name} ${n}`).join(', ');
}

/** Heavy queries per change: sent, answered 429, aborted, each as mean (max). */
function heavyPerChange(settled: readonly Settled[]): string {
  const of = (k: 'sent' | 'refused' | 'abandoned') => {
    const n = settled.map((x) => x.heavy?.[k] ?? 0);
    return `${round1(n.reduce((a, b) => a + b, 0) / Math.max(1, n.length))} (${Math.max(0, ...n)})`;
  };
  return `${of('sent')} / ${of('refused')} / ${of('abandoned')}`;
}

/** The slowest change: its state and each panel's time. */
function slowest(settled: readonly Settled[]): string {
  const worst = settled.reduce((a, b) => (b.all > a.all ? b : a));
  const requests = worst.requests.map((r) => `${r.name} ${r.start}–${r.end}`).join(', ');
  const tasks = worst.longTasks.map((x) => `${x.start}+${x.ms}`).join(', ') || 'none';
  return `${worst.search} ${Math.round(worst.all)} ms (${PANELS.map((p) => `${p} ${Math.round(worst.panels[p])}`).join(', ')}; requests, ms from the change: ${requests}; long tasks, start+ms: ${tasks}${worst.selfTime ? `; main thread, self ms: ${worst.selfTime}` : ''})`;
}

/** Moves the desk to a state as its own links do (pushState, then the popstate it listens to). */
const GO_IN_PAGE = `(search) => { history.pushState(null, '', '/desk?' + search); dispatchEvent(new PopStateEvent('popstate')); }`;

/**
 * The desk in headless Chromium over the same store: opens at the first change's state, then
 * makes each change in turn (skipping one whose total equals the previous one's, which would read
 * as settled at once) and times it from the URL change to the first frame where every panel shows
 * it. Also the JS the page loaded up to its first settled view, gzipped as served.
 */
async function deskClient(url: string, token: string, changes: readonly DeskChange[], profile: boolean): Promise<{ settled: Settled[]; firstViewMs: number; jsGzip: number; jsFiles: number }> {
  // Mesa llvmpipe with GPU compositing (MESA_ARGS): with --disable-gpu the compositor reads every
  // WebGL frame back (glReadPixels at each commit, ~2 s a frame of the desk's map here), so the
  // page's DOM waits on software rendering that a desk with a GPU never does.
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: MESA_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    await context.addCookies([{ name: 'cityops_session', value: token, url }]);
    const page: Page = await context.newPage();
    const scripts = new Set<string>();
    page.on('request', (r) => void (r.resourceType() === 'script' && scripts.add(new URL(r.url()).pathname)));
    // The heavy queries (KPIs, breakdowns: the server's per-account limit) sent, refused with 429 and aborted.
    const heavy = { sent: 0, refused: 0, abandoned: 0 };
    const isHeavy = (u: string) => new URL(u).pathname.startsWith('/api/kpis');
    page.on('request', (r) => void (isHeavy(r.url()) && heavy.sent++));
    page.on('response', (r) => void (isHeavy(r.url()) && r.status() === 429 && heavy.refused++));
    page.on('requestfailed', (r) => void (isHeavy(r.url()) && heavy.abandoned++));
    const [first, ...rest] = changes;
    const t = performance.now();
    await page.goto(`${url}/desk?${first!.state}`);
    await page.evaluate(`(${SETTLED_IN_PAGE})(${first!.total})`);
    const firstViewMs = performance.now() - t;
    const distDir = join(REPO_ROOT, 'client/dist');
    let jsGzip = 0;
    for (const path of scripts) jsGzip += gzipSync(readFileSync(join(distDir, path))).length;
    const settled: Settled[] = [];
    let previous = first!.total;
    const cdp = profile ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    }
    for (const change of rest) {
      if (change.total === previous) continue;
      const search = change.sort ? `${change.state}&${change.sort}` : change.state;
      const before = { ...heavy };
      if (cdp) await cdp.send('Profiler.start');
      const shown = page.evaluate(`(${SETTLED_IN_PAGE})(${change.total})`) as Promise<Settled>;
      await page.evaluate(`(${GO_IN_PAGE})(${JSON.stringify(search)})`);
      const done = await shown;
      const selfTime = cdp ? topSelfTime(((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile) : undefined;
      settled.push({ ...done, search, selfTime, heavy: { sent: heavy.sent - before.sent, refused: heavy.refused - before.refused, abandoned: heavy.abandoned - before.abandoned } });
      previous = change.total;
    }
    return { settled, firstViewMs, jsGzip, jsFiles: scripts.size };
  } finally {
    await browser.close();
  }
}

/**
 * The desk's filter change over a month of the whole city: a server process starts on a new store
 * with --days of simulated history (HISTORY_DAYS, ≈ 7,400 cases a day: 30 days ≈ 222,000 cases,
 * the simulator itself off), then a city analyst changes the filter state --changes times (area,
 * category, urgency, channel, period, sort drawn from a seeded stream). Each change asks what the
 * desk asks at once: a page of the case list, the KPIs with the previous period, and the category
 * breakdown; the time is until all three have answered. Prints the start-up (history written) and
 * p50 / p95 / max of a change. Then (unless --client 0) the desk itself in headless Chromium makes
 * the same changes, timed until every panel shows the new state, and the JS it loaded (gzip); for
 * the slowest change also the page's API requests (start and last byte, from Resource Timing) and
 * its long tasks, which tell a wait for the server from a main thread held up (here: by software
 * GL). --profile 1 adds a CPU profile of each change and prints the slowest one's busiest
 * functions. --data-dir DIR keeps the store for another run.
 */
export async function benchDesk(args: BenchArgs): Promise<Figures> {
  const days = Math.round(numberArg(args, 'days', 30));
  const changes = Math.round(numberArg(args, 'changes', 60));
  const kept = args['data-dir'];
  // --client 0: the server's answers only, no browser.
  const client = numberArg(args, 'client', 1) !== 0;
  // --profile 1: a CPU profile of the page during each change; the slowest change's busiest functions are printed.
  const profile = numberArg(args, 'profile', 0) !== 0;
  if (client) ensureClientBuilt(REPO_ROOT);
  const dir = kept ? { path: kept, remove: () => {} } : tempDir('cityops-bench-desk-');
  const fresh = !existsSync(join(dir.path, 'cases.db'));
  try {
    const server = await startServerProcess({ dataDir: dir.path, env: { LOG_LEVEL: 'warn', SIM: 'off', HISTORY_DAYS: String(days), DEMO_ACCOUNTS: 'on', ...(client ? { BENCH_CLIENT_DIR: join(REPO_ROOT, 'client/dist') } : {}) }, timeoutMs: 15 * 60_000 });
    try {
      const token = await demoToken(server.url, dir.path, 'city.analyst');
      const headers = { authorization: `Bearer ${token}` };
      const get = async (path: string) => {
        const res = await fetch(`${server.url}${path}`, { headers });
        if (res.status !== 200) throw new Error(`bench: ${path} answered ${res.status}: ${await res.text()}`);
        return res.json() as Promise<{ total?: number; counts?: { received: number } }>;
      };
      const random = createRandom('bench-desk');
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
      const areas = ['', 'area=410105', 'area=410102', 'area=410105001', 'area=410122', 'area=410105001003'];
      const categories = ['', 'category=SR', 'category=JM,MS', 'category=AQ'];
      const urgencies = ['', 'urgency=major,prominent', 'urgency=normal'];
      const channels = ['', 'channel=hotline_12345', 'channel=grid_patrol,citizen_app'];
      const periods = ['period=today', 'period=yesterday', 'period=7d', 'period=30d'];
      const sorts = ['', 'sort=urgency&order=desc', 'sort=deadline&order=asc', 'sort=area&order=asc'];
      const times: number[] = [];
      const states: DeskChange[] = [];
      let rows = 0;
      // One warm-up change first: the read thread's statements and the page cache.
      for (let i = 0; i <= changes; i++) {
        const state = [pick(areas), pick(categories), pick(urgencies), pick(channels), pick(periods)].filter(Boolean).join('&');
        const sort = pick(sorts);
        const t = performance.now();
        const [list, kpis] = await Promise.all([
          get(`/api/cases?${state}${sort ? `&${sort}` : ''}&limit=50`),
          get(`/api/kpis?${state}`),
          get(`/api/kpis/breakdown?${state}&by=category`),
        ]);
        states.push({ state, sort, total: list.total! });
        if (i === 0) continue;
        times.push(performance.now() - t);
        if (list.total !== kpis.counts!.received) throw new Error(`bench: the list's total ${list.total} is not the KPI's ${kpis.counts!.received} for ${state}`);
        rows += list.total!;
      }
      const all = await get('/api/cases?limit=1');
      const desk = client ? await deskClient(server.url, token, states, profile) : null;
      const spread = (ms: number[]) => {
        const sorted = Float64Array.from(ms).sort();
        return `${round1(percentile(sorted, 50))} / ${round1(percentile(sorted, 95))} / ${round1(percentile(sorted, 100))}`;
      };
      return {
        'cases in the store': all.total!,
        [fresh ? `spawn → ready, ${days} days of history written (s)` : 'spawn → ready (s)']: round1(server.readyMs / 1000),
        'filter changes (list page + KPIs + breakdown)': changes,
        '  mean cases matched per change': Math.round(rows / changes),
        '  change p50 / p95 / max (ms)': spread(times),
        ...(desk
          ? {
              'desk in Chromium: first view, URL → every panel settled (s)': round1(desk.firstViewMs / 1000),
              '  JS loaded for it, gzip (kB, files)': `${round1(desk.jsGzip / 1024)} (${desk.jsFiles})`,
              '  filter changes timed (same states, equal totals in a row skipped)': desk.settled.length,
              '  change → every panel shows it, p50 / p95 / max (ms)': spread(desk.settled.map((x) => x.all)),
              ...Object.fromEntries(PANELS.map((p) => [`    ${p} shows it, p50 / p95 / max (ms)`, spread(desk.settled.map((x) => x.panels[p]))])),
              '    last panel still loading (times)': lastBusy(desk.settled),
              '    heavy queries a change: sent / 429 / aborted, mean (max)': heavyPerChange(desk.settled),
              '    time in long tasks a change, p50 / p95 / max (ms)': spread(desk.settled.map((x) => x.longTasks.reduce((sum, task) => sum + task.ms, 0))),
              '    slowest change': slowest(desk.settled),
            }
          : {}),
      };
    } finally {
      await server.stop();
    }
  } finally {
    dir.remove();
  }
}
