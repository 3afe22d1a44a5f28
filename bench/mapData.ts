import { performance } from 'node:perf_hooks';
import { HEADER_BYTES, decodeCaseColumns, type CaseColumns } from '../shared/src/columnar/caseColumns.js';
import { stateAt } from '../shared/src/columnar/replayState.js';
import { demoToken, numberArg, percentile, procSample, round1, sleep, startServerProcess, tempDir, type BenchArgs, type Figures } from './benchUtil.js';

/** A server process over a day of the whole city: the simulator's 24-hour backfill (≈ 7,400 cases with their lifecycle events). */
async function withDay<T>(args: BenchArgs, run: (url: string, token: string, pid: number) => Promise<T>): Promise<T> {
  const hours = numberArg(args, 'hours', 24);
  const dir = tempDir('cityops-bench-map-');
  try {
    const server = await startServerProcess({ dataDir: dir.path, env: { LOG_LEVEL: 'warn', SIM: 'on', SIM_BACKFILL_HOURS: String(hours), HISTORY_DAYS: '0', DEMO_ACCOUNTS: 'on' }, timeoutMs: 10 * 60_000 });
    try {
      return await run(server.url, await demoToken(server.url, dir.path), server.pid);
    } finally {
      await server.stop();
    }
  } finally {
    dir.remove();
  }
}

interface Timed {
  /** Request sent → last byte received, ms, per run. */
  ms: number[];
  /** The server process's CPU per request (all its threads), ms, less what it spends idle (its 5 s refresh, the simulator) in as long. */
  serverCpuMs: number;
  wireBytes: number;
  rawBytes: number;
  /** The seq column's bytes (a varint a point), from the header. */
  seqBytes: number;
  /** decodeCaseColumns (the seq column is decoded in it). */
  decodeMs: number;
  columns: CaseColumns;
}

/** `runs` GETs of `path` (gzip accepted, as a browser does): time to the last byte, bytes on the wire and decoded. */
async function timeGets(url: string, token: string, pid: number, path: string, runs: number): Promise<Timed> {
  // The server's CPU while idle, as a baseline: on a busy shared machine wall times say little, CPU more.
  const idle0 = procSample(pid).cpuSeconds;
  const idleStart = performance.now();
  await sleep(3_000);
  const idleRate = (procSample(pid).cpuSeconds - idle0) / ((performance.now() - idleStart) / 1000);
  const cpu0 = procSample(pid).cpuSeconds;
  const started = performance.now();
  const ms: number[] = [];
  let wireBytes = 0;
  let raw = new ArrayBuffer(0);
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } });
    if (res.status !== 200) throw new Error(`bench: GET ${path} answered ${res.status}: ${await res.text()}`);
    raw = await res.arrayBuffer();
    ms.push(performance.now() - t);
    // fetch decompresses the body; the header tells what crossed the wire.
    wireBytes = Number(res.headers.get('content-length') ?? raw.byteLength);
  }
  const busy = procSample(pid).cpuSeconds - cpu0 - idleRate * ((performance.now() - started) / 1000);
  const t = performance.now();
  const columns = decodeCaseColumns(raw);
  const decodeMs = performance.now() - t;
  // Header bytes 24-27: the seq column's size (caseColumns.ts, version 3).
  const seqBytes = new DataView(raw).getUint32(24, true);
  return { ms, serverCpuMs: Math.max(0, (busy * 1000) / runs), wireBytes, rawBytes: raw.byteLength, seqBytes, decodeMs, columns };
}

function figuresOf(label: string, timed: Timed): Figures {
  const sorted = Float64Array.from(timed.ms).sort();
  const c = timed.columns;
  const pointBytes = timed.rawBytes - HEADER_BYTES - timed.seqBytes - 9 * c.eventCount;
  return {
    [`${label}: points (of total)`]: `${c.count} (${c.total})`,
    [`${label}: request → last byte p50 / max (ms)`]: `${round1(percentile(sorted, 50))} / ${round1(sorted[sorted.length - 1]!)}`,
    [`${label}: server CPU a request (ms)`]: round1(timed.serverCpuMs),
    [`${label}: bytes raw / gzip on the wire`]: `${timed.rawBytes} / ${timed.wireBytes}`,
    [`${label}: bytes a point (positions + attributes, seqs apart)`]: c.count ? round1(pointBytes / c.count) : 0,
    [`${label}: bytes a seq, raw (zigzag-delta varint)`]: c.count ? round1(timed.seqBytes / c.count) : 0,
    [`${label}: bytes a point on the wire, all in (gzip)`]: c.count ? round1(timed.wireBytes / c.count) : 0,
    [`${label}: decode, seqs included (ms)`]: round1(timed.decodeMs),
  };
}

/**
 * GET /api/replay of the last 24 hours of the whole city (`--hours` of simulator backfill, `--runs`
 * requests): request time to the last byte, bytes, and the time to answer stateAt for a moment.
 */
export async function benchReplay(args: BenchArgs): Promise<Figures> {
  const runs = Math.round(numberArg(args, 'runs', 5));
  return withDay(args, async (url, token, pid) => {
    const to = Date.now();
    const from = to - numberArg(args, 'hours', 24) * 3_600_000;
    const timed = await timeGets(url, token, pid, `/api/replay?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`, runs);
    const c = timed.columns;
    const t = performance.now();
    const moment = stateAt(c, from + (to - from) * 0.75);
    const stateMs = performance.now() - t;
    return {
      ...figuresOf('replay', timed),
      'replay: events (of total)': `${c.eventCount} (${c.eventTotal})`,
      'replay: stateAt at 3/4 of the day (ms)': round1(stateMs),
      'replay: open at that moment': moment.open.length,
    };
  });
}

/** GET /api/map/cases of the whole city (every open case) after a day of the simulator: request time, bytes per point. */
export async function benchMapCases(args: BenchArgs): Promise<Figures> {
  const runs = Math.round(numberArg(args, 'runs', 5));
  return withDay(args, async (url, token, pid) => {
    const open = figuresOf('open', await timeGets(url, token, pid, '/api/map/cases', runs));
    const all = figuresOf('all states', await timeGets(url, token, pid, '/api/map/cases?state=open,closed,rejected', runs));
    return { ...open, ...all };
  });
}
