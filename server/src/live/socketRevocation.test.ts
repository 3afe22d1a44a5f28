import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/src/access/roles.js';
import { followArea, type Refusal } from '../../../shared/src/live/socketFeed.js';
import { SESSION_MS } from '../auth/authService.js';
import { validCase } from '../testing/caseInputs.js';
import type { ApiClient } from '../testing/http.js';
import { recordingClient, type RecordingClient } from '../testing/liveClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { until } from '../testing/until.js';

const JINSHUI = { lon: 113.6713, lat: 34.7835 }; // 410105
const ERQI = { lon: 113.6395, lat: 34.7105 }; // 410103

describe('open sockets follow their account: disabled, narrowed, signed out (real server, real Socket.IO clients)', () => {
  let server: TestServer;
  let admin: ApiClient;
  /** The grid cell of the JINSHUI point. */
  let grid: string;
  const clients: RecordingClient[] = [];
  const open = (token: string) => {
    const c = recordingClient(server.url, token);
    clients.push(c);
    return c;
  };
  /** A person's account, and a sign-in that gives a new session token each time. */
  const person = async (role: Role, scope = '410100') => {
    const username = `live.${role}.${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('base64url');
    await server.auth.createAccount({ username, name: username, role, scope, kind: 'person', password }, null);
    const signIn = async () => {
      const login = await server.auth.login(username, password, null);
      if (!login.ok) throw new Error(`sign-in of ${username} failed`);
      return login.token;
    };
    return { username, signIn };
  };
  const patchAccount = async (username: string, change: unknown) => {
    const res = await fetch(`${server.url}/api/accounts/${username}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...admin.headers }, body: JSON.stringify(change) });
    expect(res.status).toBe(200);
  };
  /** Posts a case and waits until `witness` (subscribed to `area`) has its delta: a tick went by. */
  const postAndWitness = async (witness: RecordingClient, at: { lon: number; lat: number }) => {
    const posted = await server.api.post('/api/cases', validCase(at));
    expect(posted.status).toBe(201);
    await until(() => witness.deltas.some((d) => d.newCases.some((n) => n.id === posted.body.id)), 10_000, 'the witness delta');
    return posted.body.id as string;
  };
  const subscribed = async (c: RecordingClient, areas: string[]) => {
    for (const area of areas) expect(await c.subscribe(area)).toEqual({ ok: true, area });
    await until(() => areas.every((a) => c.snapshots.some((s) => s.area === a)), 10_000, 'the snapshots');
  };
  /** The server's side of a client's connection (Socket.IO gives both the same id). */
  const serverSide = async (c: RecordingClient) => {
    const id = await until(() => c.socket.id, 5000, 'the connection');
    return () => server.io.of('/').sockets.get(id);
  };

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.as('admin');
    grid = (await server.api.post('/api/cases', validCase(JINSHUI))).body.case.area.grid;
  });
  afterAll(async () => {
    clients.forEach((c) => c.socket.disconnect());
    await server.close();
  });

  it('closes the sockets of a disabled account at once: nothing more reaches them, and they cannot come back', async () => {
    const account = await person('commander');
    const token = await account.signIn();
    const c = open(token);
    await subscribed(c, ['410105']);
    const own = await serverSide(c);
    const witness = open(server.api.token);
    await subscribed(witness, ['410105']);

    await patchAccount(account.username, { disabled: true });
    const closed = await until(() => c.closed[0], 5000, 'live:closed');
    expect(closed).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/disabled|revoked|no longer valid/) });
    await until(() => !c.socket.connected, 5000, 'the disconnect');
    expect(own()).toBeUndefined();

    const heard = c.deltas.length + c.snapshots.length;
    await postAndWitness(witness, JINSHUI);
    expect(c.deltas.length + c.snapshots.length).toBe(heard);
    const again = open(token);
    await until(() => again.errors[0], 5000, 'the refused handshake');
    expect(again.errors[0]).toMatch(/^unauthorized/);
  });

  it('closes a signed-out session\'s socket and leaves the account\'s other sessions open', async () => {
    const account = await person('operator');
    const outToken = await account.signIn();
    const [out, stays] = [open(outToken), open(await account.signIn())];
    await subscribed(out, ['410105']);
    await subscribed(stays, ['410105']);

    const res = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${outToken}` } });
    expect(res.status).toBe(204);
    expect(await until(() => out.closed[0], 5000, 'live:closed')).toMatchObject({ code: 'unauthorized' });
    await until(() => !out.socket.connected, 5000, 'the disconnect');

    const id = await postAndWitness(stays, JINSHUI);
    expect(stays.socket.connected).toBe(true);
    expect(out.deltas.some((d) => d.newCases.some((n) => n.id === id))).toBe(false);
  });

  it('narrows the sockets of an account moved to a grid cell: other areas refused at once, its cell still served', async () => {
    const account = await person('operator');
    const c = open(await account.signIn());
    await subscribed(c, ['410100', '410103', grid]);
    const own = await serverSide(c);

    await patchAccount(account.username, { scope: grid });
    await until(() => c.refused.length === 2, 5000, 'two areas refused');
    expect(c.refused.map((r) => r.area).sort()).toEqual(['410100', '410103']);
    expect(c.refused.every((r) => r.code === 'forbidden' && r.message.includes(grid))).toBe(true);
    expect(c.socket.connected).toBe(true);
    expect(own()?.data.areas).toEqual([grid]);

    // The next tick: the cell's delta comes, the city's and 二七区's do not.
    const deltasBefore = c.deltas.length;
    const erqiCase = await server.api.post('/api/cases', validCase(ERQI));
    const gridCase = await server.api.post('/api/cases', validCase(JINSHUI));
    await until(() => c.deltas.some((d) => d.area === grid && d.newCases.some((n) => n.id === gridCase.body.id)), 10_000, 'the cell delta');
    const later = c.deltas.slice(deltasBefore);
    expect(later.every((d) => d.area === grid)).toBe(true);
    expect(later.some((d) => d.newCases.some((n) => n.id === erqiCase.body.id))).toBe(false);

    // And it cannot take them back.
    expect(await c.subscribe('410103')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await c.resync('410100')).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('drops every area of an account whose new role may not read, and tells the client (followArea) why', async () => {
    const account = await person('operator', '410105');
    const c = open(await account.signIn());
    const refusals: Refusal[] = [];
    const { feed } = followArea(c.socket, '410105', () => {}, (r) => refusals.push(r));
    await until(() => feed.current, 10_000, 'the feed snapshot');
    const own = await serverSide(c);

    await patchAccount(account.username, { role: 'auditor' });
    await until(() => refusals[0], 5000, 'the refusal');
    expect(refusals).toEqual([{ area: '410105', code: 'forbidden', message: expect.stringContaining('auditor') }]);
    expect(own()?.data.areas).toEqual([]);
  });

  it('closes a wall display\'s socket when its device account is disabled, and the client hears why', async () => {
    const wall = await server.auth.createDevice({ label: '测试大屏', scope: '410105', kind: 'display' }, null);
    const c = open(wall.token);
    const refusals: Refusal[] = [];
    const { feed } = followArea(c.socket, '410105', () => {}, (r) => refusals.push(r));
    await until(() => feed.current, 10_000, 'the feed snapshot');

    await patchAccount(wall.principal.username, { disabled: true });
    await until(() => !c.socket.connected, 5000, 'the disconnect');
    expect(refusals).toEqual([{ area: '410105', code: 'unauthorized', message: expect.any(String) }]);
  });
});

describe('a socket whose session expires', () => {
  let server: TestServer;
  let offset = 0;
  const clients: RecordingClient[] = [];
  beforeAll(async () => {
    server = await startTestServer({ clock: { now: () => Date.now() + offset } });
  });
  afterAll(async () => {
    clients.forEach((c) => c.socket.disconnect());
    await server.close();
  });

  it('is closed once the session it signed in with has expired', async () => {
    const api = await server.as('analyst');
    const c = recordingClient(server.url, api.token);
    clients.push(c);
    expect(await c.subscribe('410105')).toMatchObject({ ok: true });
    await until(() => c.snapshots[0], 10_000, 'the snapshot');
    offset = SESSION_MS + 1000;
    expect(await until(() => c.closed[0], 15_000, 'live:closed')).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/expired/) });
    await until(() => !c.socket.connected, 5000, 'the disconnect');
  });
});
