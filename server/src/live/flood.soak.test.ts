import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCity } from '../../../fixtures/loadCity.js';
import { PROTOCOL_VERSION, REQUEST_BURST, REQUESTS_PER_SECOND, type SubscribeReply } from '../../../shared/src/live/events.js';
import { DEMO_FILE } from '../auth/demoAccounts.js';
import { startOfDay } from '../kpi/kpiService.js';
import { makeCase } from '../store/caseFixtures.js';
import { formatShanghai } from '../store/caseRow.js';
import { openSqliteCaseStore } from '../store/sqliteCaseStore.js';
import { validCase } from '../testing/caseInputs.js';
import { getJson, postJson } from '../testing/http.js';
import { recordingClient } from '../testing/liveClient.js';
import { until } from '../testing/until.js';

/**
 * Soak tier (runs alone): the server as its own process (what `npm start` runs), one abusive
 * client, and a prober in a worker thread that asks GET /api/health every 20 ms and times each
 * answer from its own idle event loop. Asserts what a user would notice: health answers fast and
 * the server's memory stays put while the abuse goes on.
 */

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const PROBE_EVERY_MS = 20;
/**
 * Health while one socket floods, over at least MIN_PROBES probes: no probe waits
 * FLOOD_HEALTH_MAX_MS. The target is a p99 of 100 ms; it is printed, not asserted: on the 2-core
 * build machine with a load average of 20–25 from other work, p99 measured 874 ms (the same run
 * before snapshots were encoded once and built in slices: 3.7 s), and no bound below a second holds
 * there reliably. On an idle machine the flood's worst probes were 139–283 ms before; since the
 * cells' JSON pieces and the KPI routes first, four idle runs gave p99 35–54 ms (README, "The live stream").
 */
const FLOOD_HEALTH_MAX_MS = 1_000;
const MIN_PROBES = 200;
/** Floods at least this many times (a new connection each). */
const MIN_ROUNDS = 3;
/** Cases in the store before the flood: snapshots then cost real queries and carry thousands of cells. */
const STORED_CASES = 20_000;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Resident memory of a process, bytes (Linux /proc). */
function rssOf(pid: number): number {
  const kib = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kib) * 1024;
}

/** GET /api/health every PROBE_EVERY_MS from a worker thread; each latency in ms (a failure or 5 s timeout counts as 5,000). */
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
const samples = [];
const heard = new Int32Array(workerData.heard);
const pending = new Set();
const timer = setInterval(() => {
  const started = performance.now();
  const p = fetch(workerData.url, { signal: AbortSignal.timeout(5000) })
    .then(async (r) => { await r.arrayBuffer(); samples.push(r.ok ? performance.now() - started : 5000); })
    .catch(() => samples.push(5000))
    .finally(() => Atomics.store(heard, 0, samples.length));
  pending.add(p);
  p.finally(() => pending.delete(p));
}, workerData.everyMs);
parentPort.once('message', async () => {
  clearInterval(timer);
  await Promise.all(pending);
  parentPort.postMessage(samples);
});
`;

function startProbe(url: string): { readonly count: number; stop(): Promise<number[]> } {
  const heard = new SharedArrayBuffer(4);
  const worker = new Worker(PROBE, { eval: true, workerData: { url, everyMs: PROBE_EVERY_MS, heard } });
  return {
    /** Probes answered so far. */
    get count() {
      return Atomics.load(new Int32Array(heard), 0);
    },
    stop: () =>
      new Promise((resolve, reject) => {
        worker.once('error', reject);
        worker.once('message', (samples: number[]) => void worker.terminate().then(() => resolve(samples)));
        worker.postMessage('stop');
      }),
  };
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Session tokens of the demo accounts asked for, by user name. */
  token: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * `npm start`'s server on DATA_DIR `dataDir` (simulator off), once it answers GET /api/health
 * within `startMs`, with `accounts` of its demo accounts signed in (at most 10: sign-ins are
 * limited per address).
 */
async function startServerProcess(dataDir: string, startMs: number, accounts: string[]): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // FLOOD_CPU_PROF=<dir>: the server writes a CPU profile there when it stops (to find what holds its main thread).
  const profile = process.env.FLOOD_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.FLOOD_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'server/src/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SIM: 'off', LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const end = Date.now() + startMs;
  while ((await getJson(`${url}/api/health`).catch(() => ({ status: 0 }))).status !== 200) {
    if (Date.now() > end || child.exitCode !== null) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  // The demo accounts of this fresh installation (written before it listens): passwords in DATA_DIR.
  const token: Record<string, string> = {};
  for (const line of readFileSync(join(dataDir, DEMO_FILE), 'utf8').split('\n').filter((l) => !l.startsWith('#') && l.trim())) {
    const [username, , , password] = line.split('\t');
    if (!accounts.includes(username!)) continue;
    const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (res.status !== 200) throw new Error(`signing in ${username} answered ${res.status}`);
    token[username!] = /cityops_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
  }
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await new Promise((r) => child.once('exit', r));
    clearTimeout(kill);
  };
  return { child, url, token, stop };
}

describe('flood: one client cannot stall the server for everyone else', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cityops-flood-'));
  let server: ServerProcess | undefined;
  let child: ChildProcess;
  let url = '';
  let token: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServerProcess(dataDir, 60_000, ['city.operator']);
    ({ child, url, token } = server);
    const grids = loadCity().model.nodesAt('grid');
    for (let b = 0; b < STORED_CASES / 1000; b++) {
      const batch = Array.from({ length: 1000 }, (_, i) => {
        const g = grids[((b * 1000 + i) * 7919) % grids.length]!;
        return validCase({ lon: g.centroid[0], lat: g.centroid[1] });
      });
      const res = await postJson(`${url}/api/cases`, batch, { headers: { authorization: `Bearer ${token['city.operator']}` } });
      expect(res.status).toBe(201);
    }
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`rounds of 16,000 subscribes and resyncs from one socket, sent without waiting for answers, until ${MIN_PROBES} health probes: none waits ${FLOOD_HEALTH_MAX_MS} ms (p99 printed), RSS grows < 100 MB, each socket rate limited and closed`, async () => {
    const rssBefore = rssOf(child.pid!);
    let rssMax = rssBefore;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssOf(child.pid!))), 50);
    const probe = startProbe(`${url}/api/health`);
    const N = 16_000;
    const rounds: string[] = [];
    let samples: number[] = [];
    // One flood answers in ~1.5 s (its socket is closed for ignoring the rate limit): the abuser
    // connects again and floods again, until there are probes enough for a 99th percentile.
    try {
      for (let round = 1; round <= MIN_ROUNDS || probe.count < MIN_PROBES; round++) {
        const flooder = recordingClient(url, token['city.operator']!);
        expect(await flooder.subscribe('410100')).toMatchObject({ ok: true });
        await until(() => flooder.snapshots[0], 30_000, 'the first snapshot');
        const districts = Object.keys(flooder.snapshots[0]!.aggregate.children);
        let disconnected = '';
        flooder.socket.on('disconnect', (reason) => (disconnected = reason));
        const replies: SubscribeReply[] = [];
        const started = Date.now();
        for (let i = 0; i < N; i++) {
          // Every fourth asks for a district (a new snapshot each, until all 15 are followed), the rest resync the city.
          if (i % 4 === 0) flooder.socket.emit('area:subscribe', { v: PROTOCOL_VERSION, area: districts[(i / 4) % districts.length]! }, (r) => replies.push(r));
          else flooder.socket.emit('area:resync', { v: PROTOCOL_VERSION, area: '410100' }, (r) => replies.push(r));
        }
        // It asks over the rate limit long enough to be closed: the close notice (or the close) ends the round.
        await until(() => flooder.closed.length > 0 || disconnected !== '', 120_000, 'the flooding socket to be closed');
        const seconds = (Date.now() - started) / 1000;
        flooder.socket.disconnect();
        const ok = replies.filter((r) => r.ok).length;
        const limited = replies.filter((r) => !r.ok && r.code === 'rate_limited').length;
        rounds.push(`round ${round}: ${N} requests in ${seconds.toFixed(1)} s, answered ${replies.length} (ok ${ok}, rate_limited ${limited}), snapshots ${flooder.snapshots.length}, closed ${flooder.closed.map((c) => c.code).join() || `without notice (${disconnected})`}`);
        console.log(`flood ${rounds.at(-1)!}`);
        expect(limited).toBeGreaterThan(0);
        // It went on asking through the rate_limited answers: closed, the rest of its flood read and dropped.
        expect(flooder.closed.map((c) => c.code)).toEqual(['rate_limited']);
        expect(ok).toBeLessThanOrEqual(REQUEST_BURST + Math.ceil(REQUESTS_PER_SECOND * seconds));
      }
    } finally {
      clearInterval(sampler);
      samples = (await probe.stop()).sort((a, b) => a - b);
    }

    const p99 = percentile(samples, 99);
    console.log(
      `flood: ${rounds.join('; ')}; ` +
        `health probes ${samples.length}: p50 ${percentile(samples, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${samples.at(-1)!.toFixed(1)} ms; ` +
        `server RSS ${(rssBefore / 2 ** 20).toFixed(0)} → max ${(rssMax / 2 ** 20).toFixed(0)} MiB`,
    );
    expect(samples.length).toBeGreaterThanOrEqual(MIN_PROBES);
    expect(samples.at(-1)!).toBeLessThan(FLOOD_HEALTH_MAX_MS);
    expect(rssMax - rssBefore).toBeLessThan(100 * 2 ** 20);
  }, 300_000);
});

/** Cases reported today before the server starts: every 5 s the KPI refresh counts all of them, city-wide, per grid cell. */
const DAY_CASES = 200_000;

describe('a large day: neither the 5 s KPI refresh nor 50 parallel KPI requests stall the server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cityops-large-day-'));
  let server: ServerProcess | undefined;
  let url = '';
  let workerToken = '';
  let grid = '';

  beforeAll(async () => {
    // Today so far (Beijing day): each case registered, dispatched and due before now, four in five closed.
    const now = Date.now();
    const dayStart = startOfDay(now);
    const grids = loadCity().model.nodesAt('grid').map((n) => n.code);
    const dayCase = (n: number) => {
      const reported = dayStart + Math.floor(((n + 0.5) / DAY_CASES) * (now - dayStart));
      const at = (share: number) => formatShanghai(reported + Math.floor((now - reported) * share));
      const g = grids[(n * 7919) % grids.length]!;
      const closed = n % 5 !== 0;
      return makeCase(`D${String(n).padStart(25, '0')}`, reported, {
        area: { district: g.slice(0, 6), street: g.slice(0, 9), community: g.slice(0, 12), grid: g },
        status: closed ? 'closed' : 'dispatched',
        times: { reported: at(0), registered: at(0.1), dispatched: at(0.2), accepted: null, handled: closed ? at(0.5) : null, verified: null, closed: closed ? at(0.6) : null },
        deadline: at(0.8),
      });
    };
    const store = await openSqliteCaseStore(join(dataDir, 'cases.db'));
    try {
      await store.migrate();
      for (let b = 0; b < DAY_CASES; b += 5_000) await store.insert(Array.from({ length: 5_000 }, (_, i) => dayCase(b + i)));
    } finally {
      await store.close();
    }
    // The live state is rebuilt from the day's cases before the server listens.
    server = await startServerProcess(dataDir, 120_000, ['grid.worker']);
    url = server.url;
    workerToken = server.token['grid.worker']!;
    grid = (await getJson(`${url}/api/auth/me`, { authorization: `Bearer ${workerToken}` })).body.principal.scope as string;
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`the 5 s KPI refresh over ${DAY_CASES.toLocaleString('en')} cases of today: health p99 < 100 ms`, async () => {
    const watcher = recordingClient(url, workerToken);
    expect(await watcher.subscribe(grid)).toMatchObject({ ok: true });
    const probe = startProbe(`${url}/api/health`);
    // Each refresh sends the area's new KPIs in its next delta: three of them span two whole refresh periods.
    await until(() => watcher.deltas.filter((d) => d.kpis).length >= 3, 120_000, 'three KPI refreshes');
    const samples = (await probe.stop()).sort((a, b) => a - b);
    watcher.socket.disconnect();
    const p99 = percentile(samples, 99);
    console.log(`large day, KPI refreshes: health probes ${samples.length}: p50 ${percentile(samples, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${samples.at(-1)!.toFixed(1)} ms`);
    expect(samples.length).toBeGreaterThan(100);
    expect(p99).toBeLessThan(100);
  }, 300_000);

  // The target is a p99 under 100 ms; it is printed, and what is asserted is that no probe waits
  // FLOOD_HEALTH_MAX_MS: on the idle 2-core build machine four runs gave p99 82, 127, 113 and
  // 96 ms (max 147–246 ms), and since the KPI routes come first 37–62 ms; a loaded machine still
  // gives hundreds of milliseconds, which a bound here would blame on the code.
  it(`rounds of 50 parallel GET /api/kpis from one grid worker: no health probe waits ${FLOOD_HEALTH_MAX_MS} ms (p99 printed), every answer 200 with the right figures or 429`, async () => {
    const worker = { authorization: `Bearer ${workerToken}` };
    const probe = startProbe(`${url}/api/health`);
    const answers: { status: number; body: { counts?: { received: number }; period?: { from: string; to: string } } }[] = [];
    // 40 rounds, and for at least 4 s (200+ probes): p99 is a percentile, not the one slowest probe.
    const started = Date.now();
    for (let round = 0; round < 40 || Date.now() - started < 4_000; round++) answers.push(...(await Promise.all(Array.from({ length: 50 }, () => getJson(`${url}/api/kpis`, worker)))));
    const samples = (await probe.stop()).sort((a, b) => a - b);
    const p99 = percentile(samples, 99);
    const ok = answers.filter((a) => a.status === 200);
    const limited = answers.filter((a) => a.status === 429).length;
    console.log(`large day, KPI requests: ${answers.length}, 200 ${ok.length}, 429 ${limited}; health probes ${samples.length}: p50 ${percentile(samples, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${samples.at(-1)!.toFixed(1)} ms`);
    expect(ok.length + limited).toBe(answers.length);
    expect(ok.length).toBeGreaterThan(0);
    // The right figures: what the case list counts in the same cell over the same period (nothing arrives meanwhile).
    const listed = new Map<string, number>();
    for (const { body } of ok) {
      const query = new URLSearchParams({ area: grid, ...body.period!, limit: '1' }).toString();
      if (!listed.has(query)) listed.set(query, (await getJson(`${url}/api/cases?${query}`, worker)).body.total as number);
      expect(body.counts!.received).toBe(listed.get(query));
    }
    expect(ok[0]!.body.counts!.received).toBeGreaterThan(0);
    expect(samples.length).toBeGreaterThan(100);
    expect(samples.at(-1)!).toBeLessThan(FLOOD_HEALTH_MAX_MS);
  }, 300_000);
});
