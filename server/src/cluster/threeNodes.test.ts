import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AreaAggregate } from '../../../shared/src/live/events.js';
import { DEMO_FILE } from '../auth/demoAccounts.js';
import { SESSION_COOKIE } from '../auth/authMiddleware.js';
import { validCase } from '../testing/caseInputs.js';
import { getJson, postJson } from '../testing/http.js';
import { recordingClient, type RecordingClient } from '../testing/liveClient.js';
import { until } from '../testing/until.js';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
if (!databaseUrl) console.warn('SKIPPED: three server processes on one city — set DATABASE_URL=postgres://... to run them');
if (!redisUrl) console.warn('SKIPPED: three server processes on one city — set REDIS_URL=redis://... to run them');

/** Like until(), for a condition that must be asked over the network: every 100 ms, up to `ms`. */
async function eventually(what: () => Promise<boolean>, label: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CITY = '410100';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Node {
  name: string;
  url: string;
  child: ChildProcess;
  dataDir: string;
}

/**
 * Three real server processes (what `npm start` runs) on one PostgreSQL schema and one Redis, the
 * simulator on (it runs on the leader only, at a tenth of the city's volume: a few cases a minute).
 */
describe.skipIf(!databaseUrl || !redisUrl)('three server processes, one city', () => {
  const schema = `three_nodes_test_${randomBytes(6).toString('hex')}`;
  const nodes: Node[] = [];

  const launch = async (name: string, demo: boolean): Promise<Node> => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), `cityops-${name}-`));
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/index.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl,
        DATABASE_SCHEMA: schema,
        REDIS_URL: redisUrl,
        SIM: 'on',
        SIM_RATE: '1',
        SIM_BACKFILL_HOURS: '0',
        HISTORY_DAYS: '0',
        LEADER_POLL_MS: '200',
        DEMO_ACCOUNTS: demo ? 'on' : 'off',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-4000)));
    const url = `http://127.0.0.1:${port}`;
    const node = { name, url, child, dataDir };
    nodes.push(node);
    const end = Date.now() + 120_000;
    while (Date.now() < end) {
      if (child.exitCode !== null) break;
      try {
        if ((await getJson(`${url}/api/health`)).status === 200) return node;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`node ${name} did not start (exit ${child.exitCode}): ${stderr}\n${stdout}`);
  };

  let a: Node;
  let b: Node;
  let c: Node;
  const password = (user: string) => readFileSync(join(a.dataDir, DEMO_FILE), 'utf8').split('\n').find((l) => l.startsWith(`${user}\t`))!.split('\t')[3]!;
  const signIn = async (node: Node, user: string): Promise<string> => {
    const res = await fetch(`${node.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: password(user) }) });
    if (res.status !== 200) throw new Error(`sign-in of ${user} on ${node.name}: HTTP ${res.status}`);
    return res.headers.getSetCookie().find((x) => x.startsWith(`${SESSION_COOKIE}=`))!.split(';')[0]!.slice(SESSION_COOKIE.length + 1);
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const leaderOf = async (node: Node): Promise<number> => {
    const text = await (await fetch(`${node.url}/metrics`)).text();
    return Number(/^city_leader (\d)/m.exec(text)?.[1]);
  };
  const clients: RecordingClient[] = [];
  const follow = async (node: Node, token: string) => {
    const client = recordingClient(node.url, token);
    clients.push(client);
    expect(await client.subscribe(CITY)).toMatchObject({ ok: true });
    await until(() => client.snapshots.length > 0, 10_000, `the city snapshot from ${node.name}`);
    return client;
  };
  const latest = (client: RecordingClient): AreaAggregate => client.deltas.at(-1)?.aggregate ?? client.snapshots.at(-1)!.aggregate;

  beforeAll(async () => {
    // A first: it creates the demo accounts (and leads, being first); B and C join the city.
    a = await launch('A', true);
    [b, c] = await Promise.all([launch('B', false), launch('C', false)]);
  }, 240_000);
  afterAll(async () => {
    for (const client of clients) client.socket.disconnect();
    for (const node of nodes) {
      node.child.kill('SIGKILL');
      rmSync(node.dataDir, { recursive: true, force: true });
    }
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('serves one city from three processes, survives the SIGKILL of one, and cuts a disabled account everywhere', async () => {
    // One leader among the three.
    expect((await Promise.all([a, b, c].map(leaderOf))).sort()).toEqual([0, 0, 1]);
    const leader = (await leaderOf(a)) === 1 ? a : (await leaderOf(b)) === 1 ? b : c;

    // A session from B is good on A and C.
    const operator = await signIn(b, 'city.operator');
    const onA = await follow(a, operator);
    const onB = await follow(b, operator);
    const onC = await follow(c, operator);

    // A case posted to B reaches the subscriber on A.
    const t0 = Date.now();
    const posted = await postJson(`${b.url}/api/cases`, validCase({ description: '三节点 跨节点' }), { headers: bearer(operator) });
    expect(posted.status).toBe(201);
    await until(() => onA.deltas.some((d) => d.newCases.some((x) => x.id === posted.body.id)), 10_000, 'the case from B on A');
    console.log(`three nodes: a case posted to B reached a subscriber on A after ${Date.now() - t0} ms`);

    // A burst over all three; afterwards the three live states agree.
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) => postJson(`${[a, b, c][i % 3]!.url}/api/cases`, Array.from({ length: 10 }, (_, j) => validCase({ description: `三节点 批量 ${i}-${j}` })), { headers: bearer(operator) })),
    );
    expect(burst.every((r) => r.status === 201)).toBe(true);
    const burstIds = burst.flatMap((r) => (r.body.results as { id: string }[]).map((x) => x.id));
    await until(() => [onA, onB, onC].every((cl) => burstIds.every((id) => cl.deltas.some((d) => d.newCases.some((x) => x.id === id) || d.newCasesOmitted > 0))), 20_000, 'the burst on every node');
    await until(() => JSON.stringify(latest(onA)) === JSON.stringify(latest(onB)) && JSON.stringify(latest(onB)) === JSON.stringify(latest(onC)), 20_000, 'equal aggregates on the three nodes');
    // KPIs (the stored figures) agree too, once each node has refreshed them.
    // The figures, not the moment each node answered (times and epoch ms left out). Staffing's
    // on-duty counts follow each node's own shift clock (ticked every few seconds), so they are
    // compared by the live aggregates above, not here.
    const figures = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(figures) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, figures(x)])) : typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? 'time' : typeof v === 'number' && v > 1e12 ? 'time' : v;
    const kpis = async (node: Node) => {
      const body = (await getJson(`${node.url}/api/kpis?area=${CITY}`, bearer(operator))).body as { counts: unknown; figures: unknown };
      return JSON.stringify(figures({ counts: body.counts, figures: body.figures }));
    };
    let last: string[] = [];
    await eventually(async () => {
      last = await Promise.all([a, b, c].map(kpis));
      return last[0] === last[1] && last[1] === last[2];
    }, 'equal KPIs on the three nodes').catch((error: unknown) => {
      throw new Error(`${(error as Error).message}: ${last.map((x) => x.slice(0, 600)).join('\n')}`);
    });

    // SIGKILL of A while its client is connected and cases are being posted to it.
    const acknowledged: string[] = [];
    const inFlight = Array.from({ length: 20 }, (_, i) =>
      postJson(`${a.url}/api/cases`, Array.from({ length: 5 }, (_, j) => validCase({ description: `三节点 断电 ${i}-${j}` })), { headers: bearer(operator) }).then(
        (r) => {
          if (r.status === 201) for (const x of r.body.results as { id: string }[]) acknowledged.push(x.id);
        },
        () => undefined,
      ),
    );
    await until(() => acknowledged.length >= 10, 20_000, 'some cases acknowledged by A');
    a.child.kill('SIGKILL');
    await Promise.all(inFlight);
    await until(() => !onA.socket.connected, 10_000, 'the client on A to see it go');
    // It reconnects to B (as through the balancer) and resynchronises from a fresh snapshot.
    const again = await follow(b, operator);
    const missing: string[] = [];
    for (const id of acknowledged) for (const node of [b, c]) if ((await getJson(`${node.url}/api/cases/${id}`, bearer(operator))).status !== 200) missing.push(`${id} on ${node.name}`);
    expect(missing).toEqual([]);
    await until(() => JSON.stringify(latest(again)) === JSON.stringify(latest(onC)), 20_000, 'the resynchronised client to agree with C');

    // A, the leader (it started alone), is gone: B or C takes over.
    expect(leader.name).toBe('A');
    await eventually(async () => (await Promise.all([b, c].map(leaderOf))).includes(1), 'B or C to lead');
    expect((await Promise.all([b, c].map(leaderOf))).sort()).toEqual([0, 1]);

    // A disabled account's socket on C is cut by an administrator on B.
    const analyst = await signIn(c, 'city.analyst');
    const watcher = await follow(c, analyst);
    const admin = await signIn(b, 'admin');
    const res = await fetch(`${b.url}/api/accounts/city.analyst`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...bearer(admin) }, body: JSON.stringify({ disabled: true }) });
    expect(res.status).toBe(200);
    expect(await until(() => watcher.closed[0], 10_000, 'live:closed on C')).toMatchObject({ code: 'unauthorized' });
    await until(() => !watcher.socket.connected, 10_000, 'the disconnect on C');
  }, 240_000);
});
