import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { loadCity, type LoadedCity } from '../fixtures/loadCity.js';
import { openPostgresCaseStore } from '../server/src/store/postgresCaseStore.js';
import { openSqliteCaseStore } from '../server/src/store/sqliteCaseStore.js';
import { benchInsert } from '../server/src/store/benchStore.js';
import type { CaseStore } from '../server/src/store/caseStore.js';
import { startTestServer } from '../server/src/testing/testServer.js';
import { io as connect, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents, type SubscribeReply } from '../shared/src/live/events.js';
import { inputMaker, numberArg, onCleanup, percentile, probeFigures, round1, sleep, startHealthProbe, tempDir, type BenchArgs, type Figures } from './benchUtil.js';
import { perNodeFigures, sampleNodes, startBenchNodes } from './benchNodes.js';

const TARGET_EMBEDDED = 20_000;
const BATCH = 1_000;
/** Distinct request bodies, cycled (cases carry no external id, so a repeated body is all new cases). */
const BODIES = 60;

/**
 * Cases/s accepted and durable: (a) through POST /api/cases of a real server (startTestServer, in
 * this process) from concurrent HTTP clients in a worker thread, (b) the store alone, (c) both
 * against PostgreSQL when DATABASE_URL is set. Options: --seconds 10 --http-clients 4.
 * --nodes N (N > 1, or --cluster for one): instead, N server processes of one city on
 * DATABASE_URL and REDIS_URL (clusterIngest below).
 */
export async function benchIngest(args: BenchArgs): Promise<Figures> {
  const seconds = numberArg(args, 'seconds', 10);
  const clients = numberArg(args, 'http-clients', 4);
  const nodes = numberArg(args, 'nodes', 1);
  const city = loadCity();
  const make = inputMaker(city.model, 'bench-ingest');
  const now = Date.now();
  const bodies = Array.from({ length: BODIES }, () => JSON.stringify(Array.from({ length: BATCH }, () => make(now))));
  if (nodes > 1 || args.cluster === 'true') return clusterIngest(bodies, { nodes, seconds, clients, city: city.model.cityCode });
  const figures: Figures = {
    'batch size': BATCH,
    'HTTP clients': clients,
    'request body (KiB)': Math.round(bodies[0]!.length / 1024),
  };

  Object.assign(figures, prefix('sqlite http', await httpIngest(city, bodies, { seconds, clients })));
  Object.assign(figures, prefix('sqlite store', await sqliteStoreInsert()));
  figures['target cases/s (embedded)'] = `>= ${TARGET_EMBEDDED}`;

  const url = process.env.DATABASE_URL;
  if (!url) {
    figures['postgres'] = 'skipped (set DATABASE_URL)';
    return figures;
  }
  Object.assign(figures, prefix('postgres http', await withSchema(url, (schemaUrl) => httpIngest(city, bodies, { seconds, clients, databaseUrl: schemaUrl }))));
  Object.assign(figures, prefix('postgres store', await withSchema(url, (_, schema) => postgresStoreInsert(url, schema))));
  return figures;
}

function prefix(name: string, figures: Figures): Figures {
  return Object.fromEntries(Object.entries(figures).map(([k, v]) => [`${name}: ${k}`, v]));
}

async function httpIngest(city: LoadedCity, bodies: string[], options: { seconds: number; clients: number; databaseUrl?: string }): Promise<Figures> {
  const dir = tempDir('cityops-bench-ingest-');
  const server = await startTestServer({ city, dataDir: join(dir.path, 'data'), ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}) });
  try {
    await postLoad(server.url, server.api.token, bodies, options.clients, 1); // warm-up (JIT, first pages of the b-trees)
    const before = await server.store.count();
    const elu0 = performance.eventLoopUtilization();
    const run = await postLoad(server.url, server.api.token, bodies, options.clients, options.seconds);
    const elu = performance.eventLoopUtilization(elu0);
    const stored = (await server.store.count()) - before;
    const latencies = Float64Array.from(run.latencies).sort();
    return {
      'cases/s accepted': Math.round(run.accepted / run.seconds),
      'cases accepted': run.accepted,
      'cases durable (store count)': stored,
      'requests': run.requests,
      'non-2xx responses': run.failed,
      'request p50 (ms)': round1(percentile(latencies, 50)),
      'request p99 (ms)': round1(percentile(latencies, 99)),
      'server loop utilisation': elu.utilization.toFixed(2),
    };
  } finally {
    await server.close();
    dir.remove();
  }
}

interface LoadResult {
  accepted: number;
  requests: number;
  failed: number;
  seconds: number;
  latencies: number[];
}

/**
 * Concurrent clients posting pre-serialised batches for `seconds`, in a worker thread so their
 * fetch and JSON work does not share the server's event loop. Plain JS: the worker needs no loader.
 */
function postLoad(url: string, token: string, bodies: string[], clients: number, seconds: number): Promise<LoadResult> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { url, token, bodies, clients, seconds } = workerData;
    const out = { accepted: 0, requests: 0, failed: 0, seconds: 0, latencies: [] };
    let next = 0;
    const start = performance.now();
    const end = start + seconds * 1000;
    async function client() {
      while (performance.now() < end) {
        const body = bodies[next++ % bodies.length];
        const t = performance.now();
        const res = await fetch(url + '/api/cases', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token }, body });
        const answer = await res.json();
        out.latencies.push(performance.now() - t);
        out.requests++;
        if (res.status >= 300) { out.failed++; if (out.failed === 1) console.error('bench ingest: HTTP ' + res.status, JSON.stringify(answer).slice(0, 300)); }
        else out.accepted += answer.accepted;
      }
    }
    Promise.all(Array.from({ length: clients }, client)).then(() => {
      out.seconds = (performance.now() - start) / 1000;
      parentPort.postMessage(out);
    }, (err) => { throw err; });
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { url, token, bodies, clients, seconds } });
    worker.once('message', (m: LoadResult) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`bench: load worker exited (${code}) without a result`)));
  });
}

async function storeFigures(store: CaseStore): Promise<Figures> {
  await benchInsert(store, { batches: 5, batchSize: BATCH }); // warm-up
  const result = await benchInsert(store, { batches: 100, batchSize: BATCH });
  return {
    'cases/s': result.casesPerSecond,
    // this process's CPU only: for PostgreSQL the server's share is not in it
    'cases/CPU-s (this process)': 'casesPerCpuSecond' in result ? String(result.casesPerCpuSecond) : 'n/a',
    'cases': result.cases,
    'slowest batch (ms)': result.slowestBatchMs,
    'rows stored': await store.count(),
  };
}

async function sqliteStoreInsert(): Promise<Figures> {
  const dir = tempDir('cityops-bench-store-');
  const store = await openSqliteCaseStore(join(dir.path, 'cases.db'));
  try {
    await store.migrate();
    return await storeFigures(store);
  } finally {
    await store.close();
    dir.remove();
  }
}

async function postgresStoreInsert(url: string, schema: string): Promise<Figures> {
  const store = await openPostgresCaseStore(url, { schema });
  try {
    await store.migrate();
    return await storeFigures(store);
  } finally {
    await store.close();
  }
}

/**
 * Runs `work` in a fresh schema, dropped afterwards. `schemaUrl` puts the schema first on the
 * search path of every connection (the server takes only a URL).
 */
async function withSchema<T>(url: string, work: (schemaUrl: string, schema: string) => Promise<T>): Promise<T> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  // Interrupted (Ctrl-C) before the finally below: drop it with psql where there is one.
  const dropAtExit = onCleanup(() => execFileSync('psql', [url, '-qc', `DROP SCHEMA IF EXISTS ${schema} CASCADE`], { stdio: 'ignore', timeout: 10_000 }));
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
    const schemaUrl = new URL(url);
    schemaUrl.searchParams.set('options', `-c search_path=${schema}`);
    return await work(schemaUrl.toString(), schema);
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    dropAtExit.cancel();
  }
}

/**
 * N server processes of one city on DATABASE_URL and REDIS_URL (bench/benchNodes.ts). `clients`
 * HTTP clients in this process post 1,000-case batches to the nodes in turn for `seconds`, and
 * one Socket.IO subscriber of the whole city per node records each delta's new cases: the time
 * from a POST's answer to the delta that names one of its cases on each node (a delta names at
 * most a few new cases and counts the rest in newCasesOmitted), and whether every acknowledged
 * case reached every node (named + omitted). Meanwhile each node's /api/health is probed from a
 * worker thread every 100 ms, and each node's CPU and RSS are sampled.
 */
async function clusterIngest(bodies: string[], options: { nodes: number; seconds: number; clients: number; city: string }): Promise<Figures> {
  const cluster = await startBenchNodes(options.nodes, 'ingest', { cluster: true });
  const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
  try {
    const { token } = cluster;
    // ---- one city subscriber per node
    const receipts = cluster.nodes.map(() => new Map<string, number>());
    const omitted = cluster.nodes.map(() => 0);
    await Promise.all(
      cluster.nodes.map(async (node, i) => {
        const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(node.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
        sockets.push(socket);
        const snapshot = new Promise<void>((resolve) => socket.once('area:snapshot', () => resolve()));
        socket.on('area:delta', (d) => {
          const at = performance.now();
          for (const c of d.newCases) if (!receipts[i]!.has(c.id)) receipts[i]!.set(c.id, at);
          omitted[i] = omitted[i]! + d.newCasesOmitted;
        });
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
        });
        const reply = await new Promise<SubscribeReply>((resolve) => socket.emit('area:subscribe', { v: PROTOCOL_VERSION, area: options.city }, resolve));
        if (!reply.ok) throw new Error(`bench: node ${i + 1} refused the city subscription: ${reply.message}`);
        await Promise.race([snapshot, sleep(30_000).then(() => Promise.reject(new Error(`bench: no snapshot of the city from node ${i + 1} within 30 s`)))]);
      }),
    );

    // ---- the load
    const acked = new Map<string, number>();
    const latencies: number[] = [];
    let requests = 0;
    let failed = 0;
    let k = 0;
    const probes = cluster.nodes.map((n) => startHealthProbe(`${n.url}/api/health`, 100));
    const start = sampleNodes(cluster.nodes);
    const t0 = performance.now();
    const end = t0 + options.seconds * 1000;
    await Promise.all(
      Array.from({ length: options.clients }, async () => {
        while (performance.now() < end) {
          const n = k++;
          const t = performance.now();
          try {
            const res = await fetch(`${cluster.nodes[n % cluster.nodes.length]!.url}/api/cases`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: bodies[n % bodies.length] });
            const answer = (await res.json()) as { results?: ({ id: string } | { errors: unknown })[] };
            const at = performance.now();
            requests++;
            if (res.status !== 201 || !answer.results) {
              failed++;
              continue;
            }
            latencies.push(at - t);
            for (const r of answer.results) if ('id' in r) acked.set(r.id, at);
          } catch {
            failed++;
          }
        }
      }),
    );
    const loadSeconds = (performance.now() - t0) / 1000;
    const endSample = sampleNodes(cluster.nodes);
    const health = await Promise.all(probes.map((p) => p.stop()));
    // Every acknowledged case in a delta on every node (named or counted), or 30 s.
    const drainEnd = performance.now() + 30_000;
    const seen = (i: number) => receipts[i]!.size + omitted[i]!;
    while (performance.now() < drainEnd && cluster.nodes.some((_, i) => seen(i) < acked.size)) await sleep(100);
    const stored = (await (await fetch(`${cluster.nodes[0]!.url}/api/cases?limit=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as { total: number };

    const figures: Figures = {
      nodes: options.nodes,
      'HTTP clients (in turn over the nodes)': options.clients,
      'load (s)': round1(loadSeconds),
      'cases/s acknowledged (all nodes)': Math.round(acked.size / loadSeconds),
      'cases acknowledged / stored': `${acked.size} / ${stored.total}`,
      'requests (non-2xx or failed)': `${requests} (${failed})`,
      'request p50 / p99 (ms)': (() => {
        const sorted = Float64Array.from(latencies).sort();
        return `${round1(percentile(sorted, 50))} / ${round1(percentile(sorted, 99))}`;
      })(),
      ...perNodeFigures(cluster.nodes, start, endSample, loadSeconds),
    };
    cluster.nodes.forEach((_, i) => {
      const ms: number[] = [];
      for (const [id, at] of receipts[i]!) {
        const ack = acked.get(id);
        if (ack !== undefined) ms.push(at - ack);
      }
      const sorted = Float64Array.from(ms).sort();
      figures[`node ${i + 1}: ack → subscriber p50 / p99 (ms), over cases named`] = `${round1(percentile(sorted, 50))} / ${round1(percentile(sorted, 99))} (${sorted.length})`;
      figures[`node ${i + 1}: delivered (named + omitted) / acknowledged`] = `${seen(i)} / ${acked.size} (${((100 * seen(i)) / Math.max(1, acked.size)).toFixed(1)}%)`;
      Object.assign(figures, probeFigures(`node ${i + 1}: /api/health every 100 ms`, health[i]!));
    });
    return figures;
  } finally {
    for (const socket of sockets) socket.disconnect();
    await cluster.stop();
  }
}
