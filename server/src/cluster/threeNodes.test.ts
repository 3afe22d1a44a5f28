import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AreaAggregate } from '../../../shared/src/live/events.js';
import { validCase } from '../testing/caseInputs.js';
import { getJson, postJson } from '../testing/http.js';
import { recordingClient, type RecordingClient } from '../testing/liveClient.js';
import { until } from '../testing/until.js';
import { NodeProcesses, eventually, metricOf, type NodeProcess } from './nodeProcesses.js';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
if (!databaseUrl) console.warn('SKIPPED: three server processes on one city — set DATABASE_URL=postgres://... to run them');
if (!redisUrl) console.warn('SKIPPED: three server processes on one city — set REDIS_URL=redis://... to run them');

const CITY = '410100';

/**
 * Three real server processes (what `npm start` runs) on one PostgreSQL schema and one Redis, the
 * simulator on (it runs on the leader only, at the city's volume: a few cases a minute), the first
 * node starting the city with an hour of simulated cases (SIM_BACKFILL_HOURS), many of them open.
 */
describe.skipIf(!databaseUrl || !redisUrl)('three server processes, one city', () => {
  const schema = `three_nodes_test_${randomBytes(6).toString('hex')}`;
  const cluster = new NodeProcesses({ databaseUrl: databaseUrl!, redisUrl: redisUrl!, schema, env: { SIM: 'on', SIM_RATE: '4', SIM_BACKFILL_HOURS: '0' } });
  type Node = NodeProcess;

  let a: Node;
  let b: Node;
  let c: Node;
  const signIn = (node: Node, user: string): Promise<string> => cluster.signIn(node.url, user);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const leaderOf = (node: Node): Promise<number> => metricOf(node, 'city_leader');
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
    // A first: it creates the demo accounts and an hour of simulated cases (and leads, being
    // first); B and C join the city.
    a = await cluster.launch('A', { demo: true, env: { SIM_BACKFILL_HOURS: '1' } });
    [b, c] = await Promise.all([cluster.launch('B', { demo: false }), cluster.launch('C', { demo: false })]);
  }, 540_000);
  afterAll(async () => {
    for (const client of clients) client.socket.disconnect();
    await cluster.close();
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
    // The simulated cases A's simulator opened (or moved) so far: after A, only the next leader moves them.
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const simulated = (await db.query<{ id: string }>(`SELECT id FROM ${schema}.cases WHERE source IS NULL`)).rows.map((r) => r.id);
    const killedAt = Date.now();
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
    // The new leader's simulator picks up A's open cases from the store: they keep moving (an
    // event after A's death on a case that was there before it).
    expect(simulated.length).toBeGreaterThan(50);
    let moved = 0;
    try {
      await eventually(
        async () => {
          const r = await db.query<{ n: string }>(`SELECT count(DISTINCT case_id) AS n FROM ${schema}.case_events WHERE at > $1 AND case_id = ANY($2)`, [killedAt, simulated]);
          moved = Number(r.rows[0]!.n);
          return moved > 0;
        },
        'a case opened before the takeover to move on',
        90_000,
      );
    } finally {
      await db.end();
    }
    console.log(`three nodes: after the takeover, ${moved} of the ${simulated.length} simulated cases from before it moved on`);

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
