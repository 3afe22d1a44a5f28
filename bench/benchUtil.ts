import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CityModel } from '../shared/src/city/cityModel.js';
import type { CaseInput } from '../shared/src/cases/caseModel.js';
import { Simulator } from '../server/src/sim/simulator.js';
import { DEMO_FILE } from '../server/src/auth/demoAccounts.js';

/** Figures a benchmark prints, one key/value row each. */
export type Figures = Record<string, number | string>;

/** `--name value` options after the bench names, e.g. `npm run bench -- memory --cases 200000`. */
export type BenchArgs = Record<string, string>;

/**
 * Command line of a benchmark: `--name value`, `--name=value`, a bare `--flag` ('true'), and the
 * other words (benchmark names) in order.
 */
export function parseBenchArgs(argv: readonly string[]): { args: BenchArgs; words: string[] } {
  const args: BenchArgs = {};
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[i + 1];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) args[name] = 'true';
    else {
      args[name] = value;
      if (inline === undefined) i++;
    }
  }
  return { args, words };
}

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export function numberArg(args: BenchArgs, name: string, fallback: number): number {
  const raw = args[name];
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Clean-up: temp dirs and child processes go away on success, on error, on Ctrl-C and on exit.

const cleanups = new Set<() => void>();

function runCleanups(): void {
  // Newest first (a child process goes before its data dir); each removes itself when it runs.
  for (const fn of [...cleanups].reverse()) {
    try {
      fn();
    } catch {
      // best effort: the rest must still run
    }
  }
}

process.on('exit', runCleanups);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    runCleanups();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

/** Registers a synchronous clean-up that runs at exit unless run or cancelled before. */
export function onCleanup(fn: () => void): { run: () => void; cancel: () => void } {
  const once = () => {
    if (!cleanups.delete(once)) return;
    fn();
  };
  cleanups.add(once);
  return { run: once, cancel: () => void cleanups.delete(once) };
}

/** A fresh temp directory, removed by `remove()` or at exit. */
export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: onCleanup(() => rmSync(path, { recursive: true, force: true })).run };
}

// ---------------------------------------------------------------------------------------------
// Inputs

/**
 * Realistic inputs from the simulator's own generator: weighted by households and hot spots
 * across the whole city, with its category, channel and urgency mix. Only `makeInput` is used, so
 * the simulator's ingest, store and scheduler are never touched.
 */
export function inputMaker(model: CityModel, seed = 'bench'): (now: number) => CaseInput {
  const unused = undefined as never;
  const sim = new Simulator({ model, ingest: unused, loop: unused, store: unused, clock: { now: () => Date.now() }, scheduler: { every: () => () => {} } }, { rate: 1, seed });
  return (now) => sim.makeInput(now);
}

// ---------------------------------------------------------------------------------------------
// Statistics

/** p in [0, 100] of an ascending array (nearest rank). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const round1 = (v: number): number => Math.round(v * 10) / 10;
export const mib = (kib: number): number => Math.round(kib / 102.4) / 10;

// ---------------------------------------------------------------------------------------------
// Health probes: how long the server keeps a trivial request waiting

// Plain JavaScript run in a worker thread: its own event loop, so a benchmark that keeps this
// process busy (hundreds of socket clients) does not delay the probes and inflate their times.
const PROBE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, everyMs } = workerData;
const samples = [];
let failures = 0;
const pending = new Set();
// On a fixed schedule, not one after another: a 2 s stall then counts as the ~2000/everyMs
// probes it held up, as users would see it.
const timer = setInterval(() => {
  const t = performance.now();
  const p = fetch(url)
    .then(async (res) => {
      await res.arrayBuffer();
      if (res.status === 200) samples.push(performance.now() - t);
      else failures++;
    })
    .catch(() => failures++);
  pending.add(p);
  void p.finally(() => pending.delete(p));
}, everyMs);
parentPort.once('message', async () => {
  clearInterval(timer);
  await Promise.all(pending);
  parentPort.postMessage({ samples, failures });
});
`;

export interface HealthProbe {
  /** Stops probing, waits for the probes in flight and returns their latencies, ascending (ms). */
  stop(): Promise<{ sorted: Float64Array; failures: number }>;
}

/** GET `url` every `everyMs` ms from a worker thread until stopped. */
export function startHealthProbe(url: string, everyMs: number): HealthProbe {
  const worker = new Worker(PROBE_WORKER, { eval: true, workerData: { url, everyMs } });
  const done = onCleanup(() => void worker.terminate());
  return {
    stop: () =>
      new Promise((resolve, reject) => {
        worker.once('error', reject);
        worker.once('message', (m: { samples: number[]; failures: number }) => {
          done.run();
          resolve({ sorted: Float64Array.from(m.samples).sort(), failures: m.failures });
        });
        worker.postMessage('stop');
      }),
  };
}

/** p50 / p99 / max of health-probe latencies, as figures named after `label`. */
export function probeFigures(label: string, probe: { sorted: Float64Array; failures: number }): Figures {
  const { sorted, failures } = probe;
  return {
    [`${label}: probes (failed)`]: `${sorted.length} (${failures})`,
    [`${label}: p50 / p99 / max (ms)`]: [50, 99, 100].map((p) => round1(percentile(sorted, p))).join(' / '),
    [`${label}: over 100 ms`]: sorted.filter((ms) => ms > 100).length,
  };
}

// ---------------------------------------------------------------------------------------------
// The server in a child process (bench/serverProcess.ts): its CPU and memory are its own.

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface ProcSample {
  /** user + system CPU seconds so far */
  cpuSeconds: number;
  /** resident set, KiB */
  rssKiB: number;
  /** peak resident set, KiB */
  hwmKiB: number;
}

/** CPU and memory of a Linux process from /proc. */
export function procSample(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime (14), stime (15)
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { cpuSeconds: ticks / CLK_TCK, rssKiB: kib('VmRSS'), hwmKiB: kib('VmHWM') };
}

/** This process's CPU seconds (user + system). */
export function selfCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Event-loop delay percentiles and maximum, ms (monitorEventLoopDelay, 10 ms resolution). */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  /** ms from spawn to the ready line */
  readyMs: number;
  /** Parsed JSON log lines (pino) so far. */
  logs: Record<string, unknown>[];
  /** Forces a full GC in the server (needs `exposeGc`) and returns its process.memoryUsage(). */
  forceGc(): Promise<NodeJS.MemoryUsage>;
  /** The server's event-loop delay since the last call (or its start), ms; resets it. */
  loopDelay(): Promise<LoopDelay>;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process is gone. */
  stop(): Promise<void>;
}

/**
 * Starts bench/serverProcess.ts (`node --import tsx`, as `npm start` runs the server) on port 0
 * with SIM=off and LOG_LEVEL=info, and resolves when it prints its port.
 */
export async function startServerProcess(options: { dataDir: string; env?: Record<string, string>; timeoutMs?: number; exposeGc?: boolean }): Promise<ServerProcess> {
  const spawnedAt = performance.now();
  const flags = options.exposeGc ? ['--expose-gc'] : [];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', join(REPO_ROOT, 'bench/serverProcess.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SIM: 'off', LOG_LEVEL: 'info', DATA_DIR: options.dataDir, DATABASE_URL: '', ...options.env },
    // stdin is a pipe the child watches: if this process dies, the child exits too.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('bench: could not spawn the server process');
  const kill = onCleanup(() => child.kill('SIGKILL')).run;
  const gcAnswers: ((m: NodeJS.MemoryUsage) => void)[] = [];
  const loopAnswers: ((d: LoopDelay) => void)[] = [];
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      if (entry.bench === 'ready' && typeof entry.port === 'number') resolve(entry.port);
      else if (entry.bench === 'gc') gcAnswers.shift()?.(entry as unknown as NodeJS.MemoryUsage);
      else if (entry.bench === 'loop-delay') loopAnswers.shift()?.(entry as unknown as LoopDelay);
      else logs.push(entry);
    });
    void exited.then((code) => reject(new Error(`bench: server process exited (${code}) before it was ready: ${stderr.trim()}`)));
    const timer = setTimeout(() => reject(new Error(`bench: server process not ready after ${options.timeoutMs ?? 60_000} ms`)), options.timeoutMs ?? 60_000);
    timer.unref();
  });
  let port: number;
  try {
    port = await ready;
  } catch (err) {
    kill();
    throw err;
  }
  const readyMs = performance.now() - spawnedAt;
  return {
    child,
    pid,
    port,
    url: `http://127.0.0.1:${port}`,
    readyMs,
    logs,
    forceGc: () =>
      new Promise((resolve, reject) => {
        if (!options.exposeGc) return reject(new Error('bench: start the server process with exposeGc to force a GC'));
        gcAnswers.push(resolve);
        child.kill('SIGUSR2');
      }),
    loopDelay: () =>
      new Promise((resolve) => {
        loopAnswers.push(resolve);
        child.stdin!.write('loop-delay\n');
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      kill();
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Signing in to a server process started on a fresh data directory (demo mode)

/**
 * A session token of a demo account of a server that created its demo accounts in `dataDir`
 * (DATA_DIR/demo-accounts.txt), through the real sign-in. Send it as `Authorization: Bearer`.
 */
export async function demoToken(url: string, dataDir: string, username = 'city.operator'): Promise<string> {
  const line = readFileSync(join(dataDir, DEMO_FILE), 'utf8').split('\n').find((l) => l.startsWith(`${username}\t`));
  if (!line) throw new Error(`bench: no demo account ${username} in ${dataDir}`);
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: line.split('\t')[3] }) });
  if (res.status !== 200) throw new Error(`bench: sign-in as ${username} failed: HTTP ${res.status}`);
  return /cityops_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
}
