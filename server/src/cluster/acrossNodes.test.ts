import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_REQUESTS_PER_SECOND } from '../cases/caseRoutes.js';
import { MAX_FAILED_LOGINS } from '../auth/authService.js';
import { SESSION_COOKIE } from '../auth/authMiddleware.js';
import { LOGIN_ATTEMPTS_PER_MINUTE } from '../auth/authRoutes.js';
import { validCase } from '../testing/caseInputs.js';
import { apiClient, postJson } from '../testing/http.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { recordingClient } from '../testing/liveClient.js';
import { until } from '../testing/until.js';
import { PROTOCOL_VERSION } from '../../../shared/src/live/events.js';
import { dropSchema } from '../testing/pgSchema.js';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
if (!databaseUrl) console.warn('SKIPPED: sessions, lockouts and limits across nodes — set DATABASE_URL=postgres://... to run them');
if (!redisUrl) console.warn('SKIPPED: sessions, lockouts and limits across nodes — set REDIS_URL=redis://... to run them');

/**
 * Two nodes of one city in this process, on one PostgreSQL schema and one Redis: what a person or
 * a source does on one node holds on the other. Time stands still (an injected clock), so exactly
 * a second's worth of submissions passes however fast the machine is.
 */
describe.skipIf(!databaseUrl || !redisUrl)('sessions, lockouts and limits across nodes', () => {
  const schema = `across_nodes_test_${randomBytes(6).toString('hex')}`;
  const now = Date.parse('2026-11-23T10:00:00+08:00');
  // Behind a proxy on loopback (as behind nginx): a test names its own client address in
  // X-Forwarded-For, so the per-address sign-in limit of one test does not reach another's.
  const options = { databaseUrl, databaseSchema: schema, redisUrl, trustProxy: 'loopback', clock: { now: () => now }, scheduler: { every: () => () => {} } };
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    a = await startTestServer(options);
    b = await startTestServer(options);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await dropSchema(databaseUrl, schema);
  });

  const person = async (server: TestServer) => {
    const username = `across.${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('base64url');
    await server.auth.createAccount({ username, name: username, role: 'operator', scope: '410105', kind: 'person', password }, null);
    return { username, password };
  };
  const signIn = (server: TestServer, username: string, password: string, from?: string) =>
    fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...(from ? { 'x-forwarded-for': from } : {}) }, body: JSON.stringify({ username, password }) });
  /** An address of its own for a test (10.x.y.z, random). */
  const address = () => `10.${[...randomBytes(3)].join('.')}`;

  it('a sign-in on A is valid on B, and signing out on B ends it on A', async () => {
    const { username, password } = await person(a);
    const res = await signIn(a, username, password);
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!.split(';')[0]!;
    const me = await fetch(`${b.url}/api/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { principal: { username: string } }).principal.username).toBe(username);
    const token = cookie.slice(SESSION_COOKIE.length + 1);
    expect((await fetch(`${b.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBeLessThan(300);
    expect((await apiClient(a.url, token).get('/api/auth/me')).status).toBe(401);
  });

  it('failures spread over both nodes lock the account on both', async () => {
    const { username, password } = await person(b);
    const answers: number[] = [];
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) answers.push((await signIn(i % 2 ? a : b, username, 'wrong password')).status);
    // The failure that reaches the limit locks the account and says so.
    expect(answers).toEqual([...new Array<number>(MAX_FAILED_LOGINS - 1).fill(401), 423]);
    // The right password is refused now, whichever node it reaches.
    expect((await signIn(a, username, password)).status).toBe(423);
    expect((await signIn(b, username, password)).status).toBe(423);
  });

  it('ten failures spread over both nodes lock a name without an account exactly like an account', async () => {
    const { username } = await person(a);
    const made = `nobody.${randomBytes(4).toString('hex')}`;
    const from = address();
    const answers = async (name: string) => {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await signIn(i % 2 ? a : b, name, 'wrong password', from)).status);
      return statuses;
    };
    const known = await answers(username);
    // 10 attempts from one address: at the limit, not over it (the next is refused, below).
    expect(known).toEqual([...new Array<number>(MAX_FAILED_LOGINS - 1).fill(401), ...new Array<number>(10 - MAX_FAILED_LOGINS + 1).fill(423)]);
    const other = address();
    const unknown: number[] = [];
    for (let i = 0; i < 10; i++) unknown.push((await signIn(i % 2 ? a : b, made, 'wrong password', other)).status);
    expect(unknown).toEqual(known);
    // And the bodies say the same (the lock's end aside).
    const bodies = await Promise.all([signIn(a, username, 'x', address()), signIn(b, made, 'x', address())].map(async (r) => ((await (await r).json()) as { error: { message: string; field: string } }).error));
    expect(bodies[0]!.field).toBe(bodies[1]!.field);
    expect(bodies[0]!.message.replace(/until \S+/, '')).toBe(bodies[1]!.message.replace(/until \S+/, ''));
  });

  it('the sign-in limit per address holds across nodes', async () => {
    const from = address();
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_MINUTE + 2; i++) statuses.push((await signIn(i % 2 ? a : b, `nobody.${i}`, 'wrong password', from)).status);
    expect(statuses.slice(0, LOGIN_ATTEMPTS_PER_MINUTE).every((s) => s === 401 || s === 423)).toBe(true);
    expect(statuses.slice(LOGIN_ATTEMPTS_PER_MINUTE)).toEqual([429, 429]);
    // Another address is not held by it, on either node.
    expect((await signIn(a, 'nobody', 'wrong password', address())).status).toBe(401);
  });

  it('the submission limit is per account, not per node', async () => {
    const source = await a.as('operator', '410105');
    const onB = apiClient(b.url, source.token);
    const extra = 10;
    const answers = await Promise.all(Array.from({ length: INGEST_REQUESTS_PER_SECOND + extra }, (_, i) => (i % 2 ? source : onB).post('/api/cases', validCase())));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(INGEST_REQUESTS_PER_SECOND);
    const refused = answers.filter((r) => r.status === 429);
    expect(refused).toHaveLength(extra);
    expect(refused[0]!.body.error.message).toMatch(/a second per account/);
    // Another account is not slowed by it, on either node.
    expect((await postJson(`${b.url}/api/cases`, validCase(), { headers: a.api.headers })).status).toBe(201);
  });

  it('disabling an account on A cuts its live socket on B', async () => {
    const { username, password } = await person(a);
    const login = await b.auth.login(username, password, null);
    if (!login.ok) throw new Error('sign-in failed');
    const c = recordingClient(b.url, login.token);
    try {
      await until(() => c.socket.connected, 10_000, 'the connection to B');
      const admin = await a.as('admin');
      const res = await fetch(`${a.url}/api/accounts/${username}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...admin.headers }, body: JSON.stringify({ disabled: true }) });
      expect(res.status).toBe(200);
      expect(await until(() => c.closed[0], 10_000, 'live:closed on B')).toMatchObject({ code: 'unauthorized' });
      await until(() => !c.socket.connected, 10_000, 'the disconnect on B');
    } finally {
      c.socket.disconnect();
    }
  });

  it('a room emit on A reaches a socket held by B (the Redis adapter)', async () => {
    const c = recordingClient(b.url, b.api.token);
    try {
      const id = await until(() => c.socket.connected && c.socket.id, 10_000, 'the connection to B');
      // A room joined on B (as a wall joins its device's room), addressed from A.
      b.io.in(id).socketsJoin('cluster-test-room');
      expect((await a.io.in('cluster-test-room').fetchSockets()).map((s) => s.id)).toEqual([id]);
      a.io.to('cluster-test-room').emit('live:closed', { v: PROTOCOL_VERSION, code: 'unauthorized', message: 'from A' });
      expect(await until(() => c.closed[0], 10_000, 'the emit from A on B')).toMatchObject({ message: 'from A' });
    } finally {
      c.socket.disconnect();
    }
  });
});
