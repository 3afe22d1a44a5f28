import { randomBytes } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/src/live/events.js';
import { STEER_VERSION } from '../../../shared/src/steer/steerCommands.js';
import type { WallStatus, WallSteer, WatchReply } from '../../../shared/src/steer/wallStatus.js';
import { apiClient, type ApiClient } from '../testing/http.js';
import { ManualScheduler } from '../testing/manualScheduler.js';
import { dropSchema } from '../testing/pgSchema.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { until } from '../testing/until.js';
import { STEER_CHECK_MS } from './steerService.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
if (!databaseUrl) console.warn('SKIPPED: wall steering across nodes — set DATABASE_URL=postgres://... to run it');
if (!redisUrl) console.warn('SKIPPED: wall steering across nodes — set REDIS_URL=redis://... to run it');

const JINSHUI = '410105';
/** The idle timeout, shortened (the clock is injected: only the checks' order matters). */
const IDLE_MS = 60_000;

/**
 * Two nodes of one city in this process, on one PostgreSQL schema and one Redis: the lock and the
 * steered state of a wall are the same on both, commands reach the wall's socket whichever node
 * holds it, and the idle timeout frees the wall on both.
 */
describe.skipIf(!databaseUrl || !redisUrl)('wall steering across nodes (two real servers, one PostgreSQL, one Redis)', () => {
  const schema = `steer_nodes_test_${randomBytes(6).toString('hex')}`;
  let now = Date.parse('2026-12-07T02:00:00Z');
  const clock = { now: () => now };
  const schedulerA = new ManualScheduler();
  const schedulerB = new ManualScheduler();
  let a: TestServer;
  let b: TestServer;
  const sockets: Client[] = [];
  let wall: { id: string; token: string };
  let zhang: { onA: ApiClient; onB: ApiClient };
  let li: { onA: ApiClient; onB: ApiClient };

  const commander = async (name: string) => {
    const username = `steer.nodes.${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('base64url');
    await a.auth.createAccount({ username, name, role: 'commander', scope: JINSHUI, kind: 'person', password }, null);
    const login = await a.auth.login(username, password, null);
    if (!login.ok) throw new Error('sign-in failed');
    // One session, valid on both nodes (the sessions are in the database).
    return { onA: apiClient(a.url, login.token), onB: apiClient(b.url, login.token) };
  };
  const open = (url: string, token: string) => {
    const socket: Client = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    return socket;
  };
  const command = (who: ApiClient, body: unknown) => who.post(`/api/walls/${wall.id}/commands`, body);
  const lockOn = async (who: ApiClient) => ((await who.get(`/api/walls/${wall.id}`)).body.wall as WallStatus).lock;

  beforeAll(async () => {
    const options = { databaseUrl, databaseSchema: schema, redisUrl, clock, steerIdleMs: IDLE_MS };
    a = await startTestServer({ ...options, scheduler: schedulerA });
    b = await startTestServer({ ...options, scheduler: schedulerB });
    const made = await a.auth.createDevice({ label: '金水区大屏', scope: JINSHUI, kind: 'display' }, null);
    wall = { id: made.principal.accountId, token: made.token };
    zhang = await commander('张指挥');
    li = await commander('李指挥');
  }, 180_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await a?.close();
    await b?.close();
    await dropSchema(databaseUrl, schema);
  });

  it('a lock taken on A refuses a second commander on B; a command through B reaches the wall on A; the timeout frees it on both', async () => {
    const steers: WallSteer[] = [];
    const wallSocket = open(a.url, wall.token);
    wallSocket.on('wall:steer', (m) => steers.push(m));
    await until(() => steers.length > 0, 20_000, 'the wall’s first state on A');

    // A tablet watching on B hears about the wall held by A.
    const statuses: WallStatus[] = [];
    const tablet = open(b.url, li.onB.token);
    tablet.on('walls:status', (s) => statuses.push(s));
    const watched = await new Promise<WatchReply>((resolve) => tablet.emit('walls:watch', { v: STEER_VERSION }, resolve));
    expect(watched.ok && watched.walls.find((w) => w.device === wall.id)).toMatchObject({ online: true, lock: null });

    const street = `${JINSHUI}001`;
    expect((await command(zhang.onA, { type: 'show-area', area: street })).status).toBe(200);
    await until(() => steers.find((m) => m.steer?.area === street), 20_000, 'show-area at the wall');
    expect(await lockOn(li.onB)).toMatchObject({ name: '张指挥' });

    // The second commander, on the other node, is refused with who holds the wall.
    const refused = await command(li.onB, { type: 'show-area', area: JINSHUI });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('遥控中：张指挥');

    // The holder's command through B reaches the wall's socket on A (the Redis adapter).
    expect((await command(zhang.onB, { type: 'show-area', area: JINSHUI })).status).toBe(200);
    const started = await command(zhang.onB, { type: 'tour', action: 'start', seconds: 20 });
    expect(started.body.error?.message ?? started.status).toBe(200);
    const toured = await until(() => steers.find((m) => m.steer?.tour && m.steer.area === JINSHUI), 20_000, 'the tour from B at the wall on A');
    expect(toured.by?.name).toBe('张指挥');
    await until(() => statuses.some((s) => s.device === wall.id && s.steer?.tour !== null && s.lock?.name === '张指挥'), 20_000, 'the tour at the tablet on B');

    // Quiet for the timeout: each node's idle check runs; exactly one of them frees the wall.
    const lock = (await lockOn(zhang.onA))!;
    now = lock.expiresAt;
    schedulerA.fire(STEER_CHECK_MS);
    schedulerB.fire(STEER_CHECK_MS);
    await until(() => steers.find((m) => m.seq > toured.seq && m.steer === null), 20_000, 'the wall back to its own tour');
    expect(await lockOn(zhang.onA)).toBeNull();
    expect(await lockOn(li.onB)).toBeNull();
    await until(() => statuses.some((s) => s.device === wall.id && s.lock === null && s.steer === null), 20_000, 'the release at the tablet on B');
    const auditor = await a.as('auditor');
    const timeouts = async () => ((await auditor.get(`/api/audit?action=steer:timeout&limit=50`)).body.entries as { target: string }[]).filter((r) => r.target === wall.id);
    for (let i = 0; (await timeouts()).length === 0; i++) {
      if (i > 200) throw new Error('the timeout was not audited');
      await until(() => true);
    }
    expect(await timeouts()).toHaveLength(1);

    // Free on both: the second commander now takes it on B.
    expect((await command(li.onB, { type: 'show-area', area: JINSHUI })).status).toBe(200);
    expect(await lockOn(zhang.onA)).toMatchObject({ name: '李指挥' });
  }, 120_000);
});
