import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type AreaDelta, type AreaSnapshot } from '../../../shared/src/live/events.js';
import { validCase } from '../testing/caseInputs.js';
import { getJson, postJson } from '../testing/http.js';
import type { LiveSocket } from '../testing/liveClient.js';
import { until } from '../testing/until.js';
import { NodeProcesses, ROOT, eventually, freePort, metricOf } from './nodeProcesses.js';
import { SHIPPED_SITE, siteFor, standaloneConfig } from './nginxSite.js';

const NGINX = '/usr/sbin/nginx';
const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const hasNginx = existsSync(NGINX);
if (!databaseUrl) console.warn('SKIPPED: nodes behind nginx — set DATABASE_URL=postgres://... to run them');
if (!redisUrl) console.warn('SKIPPED: nodes behind nginx — set REDIS_URL=redis://... to run them');
if (!hasNginx) console.warn(`SKIPPED: nodes behind nginx — ${NGINX} is missing (apt-get install nginx; .ci/run installs it)`);

const CITY = '410100';

/** A wall's live socket through the balancer: polling first, then the WebSocket upgrade; it reconnects by itself and subscribes on every connect. */
interface WallClient {
  socket: LiveSocket;
  snapshots: AreaSnapshot[];
  deltas: AreaDelta[];
}
function wallClient(url: string, token: string): WallClient {
  const socket: LiveSocket = connect(url, { auth: { token }, transports: ['polling', 'websocket'], reconnection: true, reconnectionDelay: 200, reconnectionDelayMax: 1_000, forceNew: true });
  const c: WallClient = { socket, snapshots: [], deltas: [] };
  socket.on('connect', () => socket.emit('area:subscribe', { v: PROTOCOL_VERSION, area: CITY }, () => undefined));
  socket.on('area:snapshot', (s) => c.snapshots.push(s));
  socket.on('area:delta', (d) => c.deltas.push(d));
  return c;
}
const hasCase = (c: WallClient, id: string) => c.deltas.some((d) => d.newCases.some((x) => x.id === id));

/**
 * Two real server processes behind a real nginx running the shipped site (deploy/), with only its
 * upstream list and listening port filled in: sockets upgrade and stick to one node, a case posted
 * through nginx reaches them, and when that node is killed they reconnect through nginx to the
 * other one and resynchronise, with no acknowledged case missing.
 */
describe.skipIf(!databaseUrl || !redisUrl || !hasNginx)('nodes behind nginx', () => {
  const cluster = new NodeProcesses({ databaseUrl: databaseUrl!, redisUrl: redisUrl!, schema: `behind_nginx_test_${randomBytes(6).toString('hex')}`, env: { TRUST_PROXY: 'loopback' } });
  const prefix = mkdtempSync(join(tmpdir(), 'cityops-nginx-'));
  const conf = join(prefix, 'nginx.conf');
  let nginx: ChildProcess | null = null;
  let nginxLog = '';
  let front = '';
  const clients: WallClient[] = [];

  beforeAll(async () => {
    // The first creates the schema and the demo accounts; the second joins.
    await cluster.launch('A', { demo: true });
    await cluster.launch('B', { demo: false });
    const port = await freePort();
    for (const dir of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(prefix, dir));
    const site = siteFor(readFileSync(join(ROOT, SHIPPED_SITE), 'utf8'), cluster.nodes.map((n) => `127.0.0.1:${n.port}`), `127.0.0.1:${port}`);
    writeFileSync(conf, standaloneConfig(prefix, site));
    nginx = spawn(NGINX, ['-p', prefix, '-e', join(prefix, 'error.log'), '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d: Buffer) => (nginxLog = (nginxLog + d.toString()).slice(-4000));
    nginx.stdout?.on('data', keep);
    nginx.stderr?.on('data', keep);
    front = `http://127.0.0.1:${port}`;
    await eventually(
      async () => {
        if (nginx?.exitCode !== null) throw new Error(`nginx exited (${nginx?.exitCode}): ${nginxLog}`);
        return (await getJson(`${front}/api/health`).catch(() => ({ status: 0 }))).status === 200;
      },
      'nginx to answer',
      30_000,
    );
  }, 540_000);

  afterAll(async () => {
    for (const c of clients) c.socket.disconnect();
    if (nginx && nginx.exitCode === null) {
      const quit = spawnSync(NGINX, ['-p', prefix, '-e', join(prefix, 'error.log'), '-c', conf, '-s', 'quit']);
      const exited = new Promise<void>((resolve) => nginx!.once('exit', () => resolve()));
      const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 15_000))]);
      if (!stopped) {
        console.warn(`nginx -s quit did not stop it (${quit.status}: ${quit.stderr.toString()}): killed`);
        nginx.kill('SIGKILL');
      }
    }
    rmSync(prefix, { recursive: true, force: true });
    await cluster.close();
  }, 60_000);

  it('upgrades and sticks through nginx, delivers a posted case, and carries its sockets over the SIGKILL of their node', async () => {
    const token = await cluster.signIn(front, 'city.operator');
    const bearer = { authorization: `Bearer ${token}` };
    for (let i = 0; i < 4; i++) clients.push(wallClient(front, token));
    // Each upgraded from polling to WebSocket through nginx, and has the city's snapshot.
    await until(() => clients.every((c) => c.socket.io.engine?.transport.name === 'websocket' && c.snapshots.length > 0), 30_000, 'the upgrade and the snapshot of every client');

    // Sticky (ip_hash: one client address, one node): all four on the same node.
    const sockets = async () => Promise.all(cluster.nodes.map((n) => metricOf(n, 'city_live_sockets')));
    await eventually(async () => (await sockets()).sort().join() === '0,4', 'all four sockets on one node');
    const counts = await sockets();
    const holder = cluster.nodes[counts.indexOf(4)]!;
    const survivor = cluster.nodes.find((n) => n !== holder)!;

    // A case posted through nginx reaches every subscriber.
    const posted = await postJson(`${front}/api/cases`, validCase({ description: 'nginx 负载均衡' }), { headers: bearer });
    expect(posted.status).toBe(201);
    await until(() => clients.every((c) => hasCase(c, posted.body.id)), 20_000, 'the posted case at every client');

    // Cases posted through nginx while their node is killed: every acknowledged one must survive.
    const acknowledged: string[] = [];
    const before = clients.map((c) => c.snapshots.length);
    const inFlight = Array.from({ length: 20 }, (_, i) =>
      postJson(`${front}/api/cases`, Array.from({ length: 5 }, (_, j) => validCase({ description: `nginx 断电 ${i}-${j}` })), { headers: bearer }).then(
        (r) => {
          if (r.status === 201) for (const x of r.body.results as { id: string }[]) acknowledged.push(x.id);
        },
        () => undefined,
      ),
    );
    await until(() => acknowledged.length >= 10, 30_000, 'some cases acknowledged through nginx');
    holder.child.kill('SIGKILL');
    await Promise.all(inFlight);

    // They reconnect through nginx to the living node and resynchronise from a fresh snapshot.
    await until(() => clients.every((c, i) => c.socket.connected && c.socket.io.engine?.transport.name === 'websocket' && c.snapshots.length > before[i]!), 60_000, 'every client reconnected with a new snapshot');
    await eventually(async () => (await metricOf(survivor, 'city_live_sockets')) === 4, `the four sockets on ${survivor.name}`);

    // The stream goes on from the new snapshot: a case posted now arrives in a delta after it.
    const after = await postJson(`${front}/api/cases`, validCase({ description: 'nginx 切换后' }), { headers: bearer });
    expect(after.status).toBe(201);
    await until(() => clients.every((c) => hasCase(c, after.body.id)), 20_000, 'the case after the switch at every client');
    for (const c of clients) {
      const snapshot = c.snapshots.at(-1)!;
      const delta = c.deltas.find((d) => d.newCases.some((x) => x.id === after.body.id))!;
      expect(delta.seq).toBeGreaterThan(snapshot.seq);
    }

    // No acknowledged case is missing, asked of the living node and through nginx.
    expect(acknowledged.length).toBeGreaterThanOrEqual(10);
    const missing: string[] = [];
    for (const id of [posted.body.id as string, ...acknowledged]) {
      for (const [where, url] of [[survivor.name, survivor.url], ['nginx', front]] as const) if ((await getJson(`${url}/api/cases/${id}`, bearer)).status !== 200) missing.push(`${id} at ${where}`);
    }
    expect(missing).toEqual([]);
    // And every client's live state agrees with the living node's own (a fresh subscriber there).
    const direct = wallClient(survivor.url, token);
    clients.push(direct);
    await until(() => direct.snapshots.length > 0, 20_000, 'a direct snapshot');
    const aggregate = (c: WallClient) => JSON.stringify(c.deltas.at(-1)?.aggregate ?? c.snapshots.at(-1)?.aggregate);
    await until(() => clients.every((c) => aggregate(c) === aggregate(direct)), 20_000, 'the same aggregate at every client');
    console.log(`behind nginx: ${acknowledged.length} cases acknowledged around the SIGKILL of ${holder.name}, all on ${survivor.name}`);
  }, 240_000);
});
