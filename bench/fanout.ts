import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { io as connect, type Socket } from 'socket.io-client';
import { loadCity } from '../fixtures/loadCity.js';
import type { CityModel } from '../shared/src/city/cityModel.js';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents, type SubscribeReply } from '../shared/src/live/events.js';
import { createRandom } from '../shared/src/util/prng.js';
import { inputMaker, mib, numberArg, percentile, probeFigures, procSample, round1, selfCpuSeconds, sleep, startHealthProbe, type BenchArgs, type Figures, type HealthProbe } from './benchUtil.js';
import { perNodeFigures, sampleNodes, startBenchNodes } from './benchNodes.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const TARGET_P99_MS = 250 + 50;
const WARMUP_S = 2;
const BATCHES_PER_SECOND = 10;
/** GET /api/health this often during the measured window: what the load costs everyone else. */
const HEALTH_PROBE_MS = 50;

/**
 * Live fan-out: socket.io-client clients (websocket) subscribed across the city, its districts,
 * streets and communities, while cases arrive via POST /api/cases at a paced rate. Latency of a
 * case at a client = receipt of the delta carrying it − the time its POST was acknowledged (all in
 * this process: one clock). The server runs in a child process, so its CPU and RSS are its own.
 * Meanwhile a worker thread probes GET /api/health every 50 ms (p50 / p99 / max of its answers).
 * Options: --clients 500 --rate 1000 (cases/s) --seconds 20.
 * --nodes N (N > 1, or --cluster for one): N server processes of one city on DATABASE_URL and
 * REDIS_URL (bench/benchNodes.ts), the clients and the POSTs spread over them in turn; each node's
 * CPU and RSS printed. The "server" figures and the health probe are then the first node's.
 */
export async function benchFanout(args: BenchArgs): Promise<Figures> {
  const clientCount = numberArg(args, 'clients', 500);
  const rate = numberArg(args, 'rate', 1000);
  const seconds = numberArg(args, 'seconds', 20);
  const { model } = loadCity();
  const cluster = await startBenchNodes(numberArg(args, 'nodes', 1), 'fanout', { cluster: args.cluster === 'true' });
  const server = cluster.nodes[0]!;
  const nodeUrl = (i: number) => cluster.nodes[i % cluster.nodes.length]!.url;
  let opened = 0;
  let batches = 0;
  const clients: Client[] = [];
  try {
    const token = cluster.token;
    // ---- connect and subscribe
    const areas = spreadAreas(model, clientCount);
    const acked = new Map<string, number>();
    const latencies: number[] = [];
    const early: { id: string; at: number }[] = []; // delta seen before this process read the POST's answer
    const delivered = new Set<string>();
    let measuring = false; // receipts count for latency (window + drain)
    let counting = false; // deltas and bytes count for rates (window only)
    let windowStart = 0;
    let deltas = 0;
    const deltasByLevel = new Map<string, number>();
    let bytes = 0;
    let gaps = 0;
    let omitted = 0;
    const subscribeMs: number[] = [];

    const open = async (area: string): Promise<void> => {
      const level = model.node(area)!.level;
      const socket: Client = connect(nodeUrl(opened++), { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      clients.push(socket);
      let lastSeq: number | null = null;
      let snapshotSeen: () => void = () => {};
      const snapshot = new Promise<void>((resolve) => (snapshotSeen = resolve));
      socket.on('area:snapshot', (s) => {
        lastSeq = s.seq;
        snapshotSeen();
      });
      socket.on('area:delta', (d) => {
        const at = performance.now();
        if (lastSeq !== null && d.seq !== lastSeq + 1) {
          if (measuring) gaps++;
          socket.emit('area:resync', { v: PROTOCOL_VERSION, area }, () => {});
        }
        lastSeq = d.seq;
        if (!measuring) return;
        if (counting) {
          deltas++;
          deltasByLevel.set(level, (deltasByLevel.get(level) ?? 0) + 1);
          omitted += d.newCasesOmitted;
        }
        for (const c of d.newCases) {
          delivered.add(c.id);
          const ack = acked.get(c.id);
          if (ack === undefined) early.push({ id: c.id, at });
          else if (ack >= windowStart) latencies.push(at - ack);
        }
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      socket.io.engine.on('data', (data) => {
        if (counting) bytes += typeof data === 'string' ? Buffer.byteLength(data) : (data as ArrayBuffer).byteLength;
      });
      const t = performance.now();
      const reply = await new Promise<SubscribeReply>((resolve) => socket.emit('area:subscribe', { v: PROTOCOL_VERSION, area }, resolve));
      if (!reply.ok) throw new Error(`bench: subscribe ${area} refused: ${reply.message}`);
      await withTimeout(snapshot, 10_000, `snapshot of ${area}`);
      subscribeMs.push(performance.now() - t);
    };
    const connectStart = performance.now();
    for (let i = 0; i < areas.length; i += 50) await Promise.all(areas.slice(i, i + 50).map(open));
    const connectSeconds = (performance.now() - connectStart) / 1000;
    const afterConnect = procSample(server.pid);

    // ---- paced load: BATCHES_PER_SECOND batches a second, each POST's answer timed per case id
    const make = inputMaker(model, 'bench-fanout');
    const perBatch = Math.max(1, Math.round(rate / BATCHES_PER_SECOND));
    const postMs: number[] = [];
    let postedInWindow = 0;
    let failed = 0;
    const inFlight = new Set<Promise<void>>();
    const post = async (measured: boolean): Promise<void> => {
      const now = Date.now();
      const body = JSON.stringify(Array.from({ length: perBatch }, () => make(now)));
      const t = performance.now();
      const res = await fetch(`${nodeUrl(batches++)}/api/cases`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
      const answer = (await res.json()) as { results?: ({ id: string } | { errors: unknown })[] };
      const at = performance.now();
      if (res.status !== 201 || !answer.results) {
        failed++;
        return;
      }
      for (const r of answer.results) if ('id' in r) acked.set(r.id, at);
      if (measured) {
        postedInWindow += perBatch;
        postMs.push(at - t);
      }
    };
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    const totalBatches = (WARMUP_S + seconds) * BATCHES_PER_SECOND;
    const loadStart = performance.now();
    let cpu0 = afterConnect;
    let nodes0 = sampleNodes(cluster.nodes);
    let self0 = 0;
    let health: HealthProbe | null = null;
    for (let k = 0; k < totalBatches; k++) {
      const due = loadStart + (k * 1000) / BATCHES_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      if (k === WARMUP_S * BATCHES_PER_SECOND) {
        measuring = true;
        counting = true;
        windowStart = performance.now();
        cpu0 = procSample(server.pid);
        nodes0 = sampleNodes(cluster.nodes);
        self0 = selfCpuSeconds();
        loopDelay.enable();
        health = startHealthProbe(`${server.url}/api/health`, HEALTH_PROBE_MS);
      }
      const p = post(measuring).catch(() => void failed++);
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    await Promise.all(inFlight);
    const sendEnd = performance.now();
    counting = false;
    loopDelay.disable();
    const healthProbes = await health!.stop();
    const windowSeconds = (sendEnd - windowStart) / 1000;
    const cpu1 = procSample(server.pid);
    const nodes1 = sampleNodes(cluster.nodes);
    const selfCpu = selfCpuSeconds() - self0;
    await sleep(1000); // the last ticks' deltas still count for latency
    measuring = false;

    // A delta read before its POST's answer (this process's loop was behind, or the delta came
    // through another node first): 0 ms, not a negative latency; how many is printed.
    let readBeforeAck = 0;
    for (const { id } of early) {
      const ack = acked.get(id);
      if (ack === undefined || ack < windowStart) continue;
      latencies.push(0);
      readBeforeAck++;
    }
    const postedIds = [...acked].filter(([, at]) => at >= windowStart);
    const reached = postedIds.filter(([id]) => delivered.has(id)).length;
    const sorted = Float64Array.from(latencies).sort();
    const posts = Float64Array.from(postMs).sort();
    await sleep(9_000); // RSS 10 s after the load
    const later = procSample(server.pid);

    return {
      'clients (websocket)': clientCount,
      'subscriptions': describeSpread(model, areas),
      'connect + subscribe all (s)': round1(connectSeconds),
      'subscribe → snapshot p50 (ms)': round1(percentile(Float64Array.from(subscribeMs).sort(), 50)),
      'subscribe → snapshot p99 (ms)': round1(percentile(Float64Array.from(subscribeMs).sort(), 99)),
      'offered cases/s': rate,
      'measured window (s)': round1(windowSeconds),
      'cases/s acknowledged': Math.round(postedInWindow / windowSeconds),
      'failed POSTs': failed,
      'POST ack p50 (ms)': round1(percentile(posts, 50)),
      'POST ack p99 (ms)': round1(percentile(posts, 99)),
      'case receipts at clients (read before the POST answer: 0 ms)': `${sorted.length} (${readBeforeAck})`,
      'latency p50 (ms)': round1(percentile(sorted, 50)),
      'latency p95 (ms)': round1(percentile(sorted, 95)),
      'latency p99 (ms)': round1(percentile(sorted, 99)),
      'latency max (ms)': round1(percentile(sorted, 100)),
      'target p99 (ms)': `<= ${TARGET_P99_MS}`,
      'cases reaching any client': `${reached} of ${postedIds.length} (${((100 * reached) / Math.max(1, postedIds.length)).toFixed(1)}%)`,
      'newCasesOmitted (sum, all deltas)': omitted,
      'deltas per client per second': round1(deltas / clientCount / windowSeconds),
      '  by level: city/dist/street/comm': ['city', 'district', 'street', 'community']
        .map((l) => round1((deltasByLevel.get(l) ?? 0) / Math.max(1, areas.filter((a) => model.node(a)!.level === l).length) / windowSeconds))
        .join(' / '),
      'KiB per client per second': round1(bytes / 1024 / clientCount / windowSeconds),
      'seq gaps (resyncs)': gaps,
      'server CPU (% of one core)': Math.round((100 * (cpu1.cpuSeconds - cpu0.cpuSeconds)) / windowSeconds),
      'server RSS idle, clients on (MiB)': mib(afterConnect.rssKiB),
      'server RSS end of load (MiB)': mib(cpu1.rssKiB),
      'server RSS 10 s later (MiB)': mib(later.rssKiB),
      'server RSS peak (MiB)': mib(later.hwmKiB),
      'bench process CPU (% of one core)': Math.round((100 * selfCpu) / windowSeconds),
      'bench loop delay p99 (ms)': round1(loopDelay.percentile(99) / 1e6),
      ...probeFigures(`/api/health every ${HEALTH_PROBE_MS} ms`, healthProbes),
      ...(cluster.clustered ? { nodes: cluster.nodes.length, ...perNodeFigures(cluster.nodes, nodes0, nodes1, windowSeconds) } : {}),
    };
  } finally {
    for (const socket of clients) socket.disconnect();
    await cluster.stop();
  }
}

/**
 * Spreads subscriptions like a wall's screens: ~4% on the city, ~24% on the 15 districts, ~32%
 * on streets and ~40% on communities (random ones, seeded).
 */
function spreadAreas(model: CityModel, n: number): string[] {
  const random = createRandom('bench-fanout-areas');
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const districts = model.nodesAt('district').map((d) => d.code);
  const streets = model.nodesAt('street').map((d) => d.code);
  const communities = model.nodesAt('community').map((d) => d.code);
  const city = Math.max(1, Math.round(n * 0.04));
  const onDistricts = Math.round(n * 0.24);
  const onStreets = Math.round(n * 0.32);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i < city) out.push(model.cityCode);
    else if (i < city + onDistricts) out.push(districts[i % districts.length]!);
    else if (i < city + onDistricts + onStreets) out.push(pick(streets));
    else out.push(pick(communities));
  }
  return out;
}

function describeSpread(model: CityModel, areas: string[]): string {
  const levels = new Map<string, number>();
  for (const a of areas) {
    const level = model.node(a)!.level;
    levels.set(level, (levels.get(level) ?? 0) + 1);
  }
  const distinct = new Set(areas).size;
  return `${[...levels].map(([l, n]) => `${l} ${n}`).join(', ')} (${distinct} rooms)`;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`bench: no ${what} within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
