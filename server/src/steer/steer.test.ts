import { randomBytes } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/src/access/roles.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/src/live/events.js';
import { STEER_VERSION } from '../../../shared/src/steer/steerCommands.js';
import type { WallReport, WallStatus, WallSteer, WatchReply } from '../../../shared/src/steer/wallStatus.js';
import { validCase } from '../testing/caseInputs.js';
import { apiClient, type ApiClient, type Json } from '../testing/http.js';
import { ManualScheduler } from '../testing/manualScheduler.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { until } from '../testing/until.js';
import { STEER_CHECK_MS } from './steerService.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const CITY = '410100';
const JINSHUI = '410105';
const ERQI = '410103';
const IDLE_MS = 10 * 60_000;

/** A real Socket.IO client that records what steering sends it. */
interface Recorder {
  socket: Client;
  steers: WallSteer[];
  statuses: WallStatus[];
  /** The latest wall:steer. */
  last(): WallSteer | undefined;
}

describe('wall steering (real server on port 0, real Socket.IO walls and tablets, injected clock)', () => {
  let server: TestServer;
  const scheduler = new ManualScheduler();
  let now = Date.parse('2026-12-07T02:00:00Z');
  const clock = { now: () => now };
  const sockets: Client[] = [];
  let cityWall: { id: string; token: string };
  let jinshuiWall: { id: string; token: string };
  /** Commanders: two of the city, one of 金水区, one of 二七区. */
  let cityA: ApiClient & { name: string; username: string };
  let cityB: ApiClient & { name: string; username: string };
  let jinshuiC: ApiClient & { name: string; username: string };
  let erqiD: ApiClient & { name: string; username: string };
  let auditor: ApiClient;

  const person = async (role: Role, scope: string, name: string) => {
    const username = `steer.${role}.${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('base64url');
    await server.auth.createAccount({ username, name, role, scope, kind: 'person', password }, null);
    const login = await server.auth.login(username, password, null);
    if (!login.ok) throw new Error('sign-in failed');
    return Object.assign(apiClient(server.url, login.token), { name, username });
  };
  const record = (token: string): Recorder => {
    const socket: Client = connect(server.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    const r: Recorder = { socket, steers: [], statuses: [], last: () => r.steers.at(-1) };
    socket.on('wall:steer', (m) => r.steers.push(m));
    socket.on('walls:status', (s) => r.statuses.push(s));
    return r;
  };
  const watch = (r: Recorder): Promise<WatchReply> => new Promise((resolve) => r.socket.emit('walls:watch', { v: STEER_VERSION }, resolve));
  const command = (who: ApiClient, wall: string, body: unknown) => who.post(`/api/walls/${wall}/commands`, body);
  const auditRows = async (action: string): Promise<Json[]> => (await auditor.get(`/api/audit?action=${action}&limit=200`)).body.entries;

  beforeAll(async () => {
    server = await startTestServer({ clock, scheduler, steerIdleMs: IDLE_MS });
    const device = async (scope: string, label: string) => {
      const made = await server.auth.createDevice({ label, scope, kind: 'display' }, null);
      return { id: made.principal.accountId, token: made.token };
    };
    cityWall = await device(CITY, '市指挥中心大屏');
    jinshuiWall = await device(JINSHUI, '金水区大屏');
    cityA = await person('commander', CITY, '张指挥');
    cityB = await person('commander', CITY, '李指挥');
    jinshuiC = await person('commander', JINSHUI, '王区长');
    erqiD = await person('commander', ERQI, '赵区长');
    auditor = await person('auditor', CITY, '审计');
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.close();
  });

  it('lists to each commander the walls of their area only, over HTTP and walls:watch', async () => {
    const city = (await cityA.get('/api/walls')).body.walls as WallStatus[];
    expect(city.map((w) => w.device).sort()).toEqual([cityWall.id, jinshuiWall.id].sort());
    const district = (await jinshuiC.get('/api/walls')).body.walls as WallStatus[];
    expect(district.map((w) => w.device)).toEqual([jinshuiWall.id]);
    expect(district[0]).toMatchObject({ label: '金水区大屏', scope: JINSHUI, online: false, steer: null, lock: null });
    expect((await erqiD.get('/api/walls')).body.walls).toEqual([]);
    // The city's wall does not exist for a district commander.
    expect((await jinshuiC.get(`/api/walls/${cityWall.id}`)).status).toBe(404);
    // Only commanders and administrators steer.
    const operator = await person('operator', CITY, '值班员');
    expect((await operator.get('/api/walls')).status).toBe(403);
    const tablet = record(jinshuiC.token);
    const reply = await watch(tablet);
    expect(reply.ok && reply.walls.map((w) => w.device)).toEqual([jinshuiWall.id]);
    const refused = await watch(record(operator.token));
    expect(refused).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('sends show area, show case, tour start, hold and next to the wall socket, with who steers it, and tells the tablets', async () => {
    const wall = record(jinshuiWall.token);
    await until(() => wall.steers.length > 0, 10_000, 'the wall’s first state');
    expect(wall.last()).toMatchObject({ steer: null, by: null });
    const tablet = record(cityA.token);
    const watched = await watch(tablet);
    expect(watched.ok && watched.walls.find((w) => w.device === jinshuiWall.id)).toMatchObject({ online: true, steer: null, lock: null });

    // The wall reports what it shows: the tablets hear it.
    const report: WallReport = { v: STEER_VERSION, area: JINSHUI, tour: null, takeover: null, metric: 'open', layers: ['choropleth', 'points'], steerSeq: null };
    wall.socket.emit('wall:report', report);
    await until(() => tablet.statuses.some((s) => s.shows?.area === JINSHUI), 10_000, 'the report at the tablet');

    const street = `${JINSHUI}001`;
    const t0 = performance.now();
    const shown = await command(jinshuiC, jinshuiWall.id, { type: 'show-area', area: street });
    expect(shown.status).toBe(200);
    const got = await until(() => wall.steers.find((m) => m.steer?.area === street), 10_000, 'show-area at the wall');
    console.log(`show-area: HTTP answer to the wall socket's message ${(performance.now() - t0).toFixed(0)} ms (target 1,000 ms)`);
    expect(got.by).toEqual({ username: jinshuiC.username, name: '王区长' });
    expect(shown.body.wall).toMatchObject({ steer: { area: street, tour: null }, lock: { name: '王区长', expiresAt: now + IDLE_MS } });
    await until(() => tablet.statuses.some((s) => s.device === jinshuiWall.id && s.lock?.name === '王区长' && s.steer?.area === street), 10_000, 'the lock at the tablet');

    const posted = await server.api.post('/api/cases', validCase({ urgency: 'major' }));
    expect(posted.status).toBe(201);
    expect((await command(jinshuiC, jinshuiWall.id, { type: 'show-case', caseId: posted.body.id })).status).toBe(200);
    const focused = await until(() => wall.steers.find((m) => m.steer?.focus?.id === posted.body.id), 10_000, 'show-case at the wall');
    expect(focused.steer!.focus).toMatchObject({ urgency: 'major', category: 'SR', grid: expect.stringMatching(/^410105\d{9}$/) });

    expect((await command(jinshuiC, jinshuiWall.id, { type: 'show-area', area: JINSHUI })).status).toBe(200);
    expect((await command(jinshuiC, jinshuiWall.id, { type: 'tour', action: 'start', seconds: 20 })).status).toBe(200);
    const started = await until(() => wall.steers.find((m) => m.steer?.tour && !m.steer.tour.held), 10_000, 'tour start at the wall');
    const stops = started.steer!.tour!.stops;
    expect(stops[0]).toBe(JINSHUI);
    expect(stops.length).toBe(server.model.children(JINSHUI).length + 1);
    expect(started.steer!.focus).toBeNull();

    expect((await command(jinshuiC, jinshuiWall.id, { type: 'tour', action: 'hold' })).status).toBe(200);
    const held = await until(() => wall.steers.find((m) => m.seq > started.seq && m.steer?.tour?.held), 10_000, 'hold at the wall');
    expect(held.steer!.tour!.stop).toBe(0);
    expect((await command(jinshuiC, jinshuiWall.id, { type: 'tour', action: 'next' })).status).toBe(200);
    const next = await until(() => wall.steers.find((m) => m.seq > held.seq), 10_000, 'next at the wall');
    expect(next.steer!.tour).toMatchObject({ stop: 1, held: true });
    expect((await command(jinshuiC, jinshuiWall.id, { type: 'tour', action: 'previous' })).status).toBe(200);
    await until(() => wall.steers.find((m) => m.seq > next.seq && m.steer?.tour?.stop === 0), 10_000, 'previous at the wall');

    // A running tour moves on by the server's clock: next after 2.5 periods goes to the 4th stop.
    expect((await command(jinshuiC, jinshuiWall.id, { type: 'tour', action: 'resume' })).status).toBe(200);
    now += 50_000;
    const after = await command(jinshuiC, jinshuiWall.id, { type: 'tour', action: 'next' });
    expect(after.body.wall.steer.tour).toMatchObject({ stop: 3, held: false });
    now += 1_000;
    wall.socket.close();
  });

  it('holds the wall for its controller: a second commander sees who steers it and is refused, also in the audit log', async () => {
    const refused = await command(cityB, jinshuiWall.id, { type: 'show-area', area: JINSHUI });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('遥控中：王区长');
    const status = (await cityB.get(`/api/walls/${jinshuiWall.id}`)).body.wall as WallStatus;
    expect(status.lock).toMatchObject({ name: '王区长', username: jinshuiC.username });
    // Only the holder releases it.
    expect((await command(cityB, jinshuiWall.id, { type: 'release' })).status).toBe(409);
    const rows = await auditRows('steer:show-area');
    expect(rows.find((r) => r.actorId === cityB.username)).toMatchObject({ outcome: 'refused', target: jinshuiWall.id, area: JINSHUI });
    expect(rows.filter((r) => r.actorId === jinshuiC.username && r.outcome === 'ok').length).toBeGreaterThanOrEqual(2);
    expect((await auditRows('steer:tour')).filter((r) => r.actorId === jinshuiC.username && r.outcome === 'ok').length).toBeGreaterThanOrEqual(5);
  });

  it('brings a reconnecting wall back to the steered state while the lock holds', async () => {
    const wall = record(jinshuiWall.token);
    const back = await until(() => wall.last(), 10_000, 'the state on reconnect');
    expect(back.steer?.tour).toMatchObject({ stops: expect.arrayContaining([JINSHUI]), held: false });
    expect(back.by?.name).toBe('王区长');
    wall.socket.close();
  });

  it('returns the wall to its own tour when its controller goes quiet, and frees it for others', async () => {
    const wall = record(jinshuiWall.token);
    await until(() => wall.last()?.steer, 10_000, 'the steered state');
    const tablet = record(cityB.token);
    await watch(tablet);
    const lock = ((await cityB.get(`/api/walls/${jinshuiWall.id}`)).body.wall as WallStatus).lock!;
    now = lock.expiresAt - 1;
    scheduler.fire(STEER_CHECK_MS);
    expect((await command(cityB, jinshuiWall.id, { type: 'show-area', area: JINSHUI })).status).toBe(409);
    now = lock.expiresAt;
    scheduler.fire(STEER_CHECK_MS);
    const released = await until(() => wall.steers.find((m) => m.steer === null && m.seq > 0), 10_000, 'the wall back to its tour');
    expect(released.by).toBeNull();
    await until(() => tablet.statuses.some((s) => s.device === jinshuiWall.id && s.lock === null && s.steer === null), 10_000, 'the tablet told');
    // The timeout's audit write is not awaited by the check: poll the log.
    for (let i = 0; !(await auditRows('steer:timeout')).some((r) => r.target === jinshuiWall.id); i++) {
      if (i > 200) throw new Error('the timeout was not audited');
      await until(() => true);
    }
    // Free now: another commander takes it.
    const taken = await command(cityB, jinshuiWall.id, { type: 'show-area', area: JINSHUI });
    expect(taken.status).toBe(200);
    expect(taken.body.wall.lock.name).toBe('李指挥');
    await until(() => wall.last()?.by?.name === '李指挥', 10_000, 'the new controller at the wall');
    // Released by its holder: the wall goes back at once.
    expect((await command(cityB, jinshuiWall.id, { type: 'release' })).body.wall).toMatchObject({ steer: null, lock: null });
    await until(() => wall.last()?.steer === null, 10_000, 'released at the wall');
    wall.socket.close();
  });

  it("refuses a district commander the city's wall and another district's area, and anyone an area or case outside the wall's", async () => {
    const city = record(cityWall.token);
    await until(() => city.steers.length > 0, 10_000, 'the city wall');
    expect((await command(jinshuiC, cityWall.id, { type: 'show-area', area: JINSHUI })).status).toBe(404);
    const foreign = await command(jinshuiC, jinshuiWall.id, { type: 'show-area', area: ERQI });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toMatchObject({ field: 'area', message: expect.stringContaining(ERQI) });
    // The city commander may name 二七区, but the 金水区 wall cannot show it.
    const outside = await command(cityA, jinshuiWall.id, { type: 'show-area', area: ERQI });
    expect(outside.status).toBe(422);
    expect(outside.body.error.field).toBe('area');
    const erqiCase = await server.api.post('/api/cases', validCase({ lon: 113.6395, lat: 34.7105 }));
    expect(erqiCase.status).toBe(201);
    expect((await command(cityA, jinshuiWall.id, { type: 'show-case', caseId: erqiCase.body.id })).status).toBe(422);
    expect((await command(jinshuiC, jinshuiWall.id, { type: 'show-case', caseId: erqiCase.body.id })).status).toBe(404);
    // None of it reached a wall.
    expect(city.steers.every((m) => m.steer === null)).toBe(true);
    const refusals = (await auditRows('steer:show-area')).filter((r) => r.outcome === 'refused');
    expect(refusals.map((r) => `${r.actorId} ${r.detail.status}`)).toEqual(expect.arrayContaining([`${jinshuiC.username} 404`, `${jinshuiC.username} 403`, `${cityA.username} 422`]));
    expect((await auditRows('steer:show-case')).filter((r) => r.outcome === 'refused').map((r) => r.detail.status)).toEqual(expect.arrayContaining([422, 404]));
    city.socket.close();
  });

  it('answers a bad command with 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ type: 'fly' }, 'type'],
      [{ type: 'show-area' }, 'area'],
      [{ type: 'show-area', area: '4101' }, 'area'],
      [{ type: 'map' }, 'metric'],
      [{ type: 'map', layers: ['choropleth', 'roads'] }, 'layers.1'],
      [{ type: 'tour', action: 'start', seconds: 5 }, 'seconds'],
      [{ type: 'tour', action: 'spin' }, 'action'],
    ];
    for (const [body, field] of cases) {
      const res = await command(cityA, cityWall.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field, JSON.stringify(body)).toBe(field);
    }
    // A tour command on a wall that shows none.
    const none = await command(cityA, cityWall.id, { type: 'tour', action: 'next' });
    expect(none.status).toBe(409);
    expect(none.body.error.field).toBe('action');
  });

  it('saves named scenes of an area, applies one to a wall of the area, and deletes it', async () => {
    const scene = { name: '防汛值守', area: JINSHUI, metric: 'overdue', layers: ['choropleth', 'points'], tourSeconds: 30 };
    const saved = await jinshuiC.post('/api/scenes', scene);
    expect(saved.status).toBe(201);
    expect((await cityA.post('/api/scenes', scene)).status).toBe(409); // same name, same area
    expect((await jinshuiC.post('/api/scenes', { ...scene, area: ERQI })).status).toBe(403);
    expect((await jinshuiC.post('/api/scenes', { ...scene, tourSeconds: 3 })).body.error.field).toBe('tourSeconds');
    expect((await erqiD.get('/api/scenes')).body.scenes).toEqual([]);
    expect((await cityA.get(`/api/scenes?wall=${jinshuiWall.id}`)).body.scenes.map((s: Json) => s.id)).toEqual([saved.body.scene.id]);
    const cityScene = await cityA.post('/api/scenes', { ...scene, area: CITY, name: '全市概览' });
    expect((await cityA.get(`/api/scenes?wall=${jinshuiWall.id}`)).body.scenes.map((s: Json) => s.name)).toEqual(['防汛值守']);
    // A city scene cannot be shown on the 金水区 wall.
    expect((await command(cityA, jinshuiWall.id, { type: 'scene', scene: cityScene.body.scene.id })).status).toBe(422);

    const wall = record(jinshuiWall.token);
    await until(() => wall.steers.length > 0, 10_000, 'the wall');
    expect((await command(cityA, jinshuiWall.id, { type: 'scene', scene: saved.body.scene.id })).status).toBe(200);
    const applied = await until(() => wall.steers.find((m) => m.steer?.scene?.id === saved.body.scene.id), 10_000, 'the scene at the wall');
    expect(applied.steer).toMatchObject({ area: JINSHUI, metric: 'overdue', layers: ['choropleth', 'points'], tour: { seconds: 30, stop: 0, held: false } });
    expect((await command(cityA, jinshuiWall.id, { type: 'map', metric: 'new' })).body.wall.steer).toMatchObject({ metric: 'new', layers: ['choropleth', 'points'], scene: null });
    // 党建引领's layers (the wall's ?layers=...,coverage,centres): sent to the wall, and reported back as shown.
    const party = await command(cityA, jinshuiWall.id, { type: 'map', layers: ['choropleth', 'coverage', 'centres'] });
    expect(party.body.wall.steer).toMatchObject({ metric: 'new', layers: ['choropleth', 'coverage', 'centres'] });
    const partySeq: number = party.body.wall.seq;
    await until(() => wall.steers.find((m) => m.seq === partySeq && m.steer?.layers?.includes('centres')), 10_000, 'the 党建 layers at the wall');
    const shown: WallReport = { v: STEER_VERSION, area: JINSHUI, tour: null, takeover: null, metric: 'new', layers: ['choropleth', 'coverage', 'centres'], steerSeq: partySeq };
    wall.socket.emit('wall:report', shown);
    await expect.poll(async () => ((await cityA.get(`/api/walls/${jinshuiWall.id}`)).body.wall as WallStatus).shows?.layers, { timeout: 10_000 }).toEqual(['choropleth', 'coverage', 'centres']);
    expect((await command(cityA, jinshuiWall.id, { type: 'release' })).status).toBe(200);

    const del = (who: ApiClient, id: string) => fetch(`${server.url}/api/scenes/${id}`, { method: 'DELETE', headers: who.headers });
    expect((await del(erqiD, saved.body.scene.id)).status).toBe(404);
    expect((await del(jinshuiC, saved.body.scene.id)).status).toBe(204);
    expect((await cityA.get('/api/scenes')).body.scenes.map((s: Json) => s.name)).toEqual(['全市概览']);
    expect((await auditRows('steer:scene-save')).length).toBe(2);
    wall.socket.close();
  });
});
