import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, type Json } from '../testing/http.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

const JINSHUI = '410105';
const PASSWORD = 'correct horse battery';
const EVIL = 'http://evil.example';

/** The session cookie of a fresh sign-in (through the service: the address's sign-in limit stays free). */
async function cookieOf(server: TestServer, username: string): Promise<string> {
  const login = await server.auth.login(username, PASSWORD, null);
  if (!login.ok) throw new Error(`sign-in of ${username} failed: ${login.reason}`);
  return `cityops_session=${login.token}`;
}

/** Opens a real socket with browser-like headers: connected, or the handshake's refusal. */
async function handshake(url: string, options: { headers?: Record<string, string>; auth?: Record<string, string> }): Promise<'connected' | { refused: string }> {
  const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: options.headers ?? {}, auth: options.auth ?? {} });
  try {
    return await new Promise((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (err) => resolve({ refused: err.message }));
    });
  } finally {
    socket.close();
  }
}

/** The Set-Cookie that expires the session cookie, if the answer carries one. */
function clears(res: Response): boolean {
  const setCookie = res.headers.get('set-cookie') ?? '';
  return /^cityops_session=;/.test(setCookie) && /Max-Age=0/.test(setCookie) && /HttpOnly/.test(setCookie);
}

describe('the session cookie: one origin rule, never replaced by a link, refused cookies cleared', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ scheduler: { every: () => () => {} } });
    await server.auth.createAccount({ username: 'sun.ops', name: '孙值班', role: 'operator', scope: JINSHUI, kind: 'person', password: PASSWORD }, null);
  });
  afterAll(async () => server.close());

  it('refuses an Open311 submission made with the cookie from another origin or none, and stores nothing', async () => {
    const cookie = await cookieOf(server, 'sun.ops');
    const submit = (description: string, headers: Record<string, string>) =>
      postJson(`${server.url}/open311/v2/requests.json`, new URLSearchParams({ service_code: 'GY01', lat: '34.7835', long: '113.6713', description }).toString(), { form: true, headers: { cookie, ...headers } });
    const foreign = await submit('跨站提交：外部来源', { origin: EVIL });
    expect(foreign).toMatchObject({ status: 403, body: [{ code: 403, description: expect.stringContaining('origin') }] });
    const missing = await submit('跨站提交：无来源', {});
    expect(missing.status).toBe(403);
    const own = await submit('本站提交', { origin: server.url });
    expect(own.status).toBe(201);
    const stored = (await server.api.get(`/api/cases?area=${JINSHUI}&limit=500`)).body.items.map((c: Json) => c.description);
    expect(stored).toContain('本站提交');
    expect(stored.filter((d: string) => d.startsWith('跨站提交'))).toEqual([]);
  });

  it('opens a socket on the cookie only from this server\'s origin; a token in auth needs none', async () => {
    const cookie = await cookieOf(server, 'sun.ops');
    expect(await handshake(server.url, { headers: { cookie, origin: EVIL } })).toEqual({ refused: expect.stringMatching(/cross-site/) });
    expect(await handshake(server.url, { headers: { cookie } })).toEqual({ refused: expect.stringMatching(/cross-site/) });
    expect(await handshake(server.url, { headers: { cookie, origin: server.url } })).toBe('connected');
    expect(await handshake(server.url, { headers: { origin: EVIL }, auth: { token: server.api.token } })).toBe('connected');
  });

  it('never replaces a signed-in person\'s session with a wall\'s device link: they stay, or switch by their own click', async () => {
    const admin = await server.as('admin');
    const device = (await admin.post('/api/devices', { label: '金水区<大屏>', scope: JINSHUI, kind: 'display' })).body;
    const cookie = await cookieOf(server, 'sun.ops');
    const me = async (c: string) => (await getJson(`${server.url}/api/auth/me`, { cookie: c })).body.principal;
    const res = await fetch(`${server.url}${device.wallUrl}&mode=fit`, { headers: { cookie }, redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page = await res.text();
    const unescape = (text: string) => text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
    expect(page).toContain('金水区&#60;大屏&#62;');
    expect(unescape(/<a class="button" href="([^"]+)"/.exec(page)![1]!)).toBe(`/wall?mode=fit&area=${JINSHUI}`);
    const action = unescape(/<form class="switch" method="post" action="([^"]+)"/.exec(page)![1]!);
    expect(action).toBe('/wall?mode=fit');
    const token = unescape(/name="device" value="([^"]+)"/.exec(page)![1]!);
    expect(await me(cookie)).toMatchObject({ username: 'sun.ops', kind: 'person' });
    // The refusal is audited, naming the person and the device link that was not used.
    const auditor = await server.as('auditor');
    const entries = (await auditor.get('/api/audit?action=sign-in&limit=50')).body.entries as Json[];
    expect(entries.find((e) => e.outcome === 'refused' && e.target === device.account.username)).toMatchObject({ actorId: 'sun.ops', detail: { via: 'device token' } });
    // The switch is a change made with the cookie: only from this server's page.
    const post = (headers: Record<string, string>) =>
      fetch(`${server.url}${action}`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams({ device: token }).toString(), redirect: 'manual' });
    const forged = await post({ origin: EVIL });
    expect([forged.status, forged.headers.get('set-cookie')]).toEqual([403, null]);
    expect(await me(cookie)).toMatchObject({ username: 'sun.ops' });
    const switched = await post({ origin: server.url });
    expect([switched.status, switched.headers.get('location')]).toEqual([303, `/wall?mode=fit&area=${JINSHUI}`]);
    const wallCookie = switched.headers.get('set-cookie')!.split(';')[0]!;
    expect(await me(wallCookie)).toMatchObject({ kind: 'display', scope: JINSHUI });
    expect((await getJson(`${server.url}/api/auth/me`, { cookie })).status).toBe(401); // signed out
    // Another wall's cookie is replaced by a link at once (a screen moved to another display account).
    const other = (await admin.post('/api/devices', { label: '金水区二号屏', scope: JINSHUI, kind: 'display' })).body;
    const moved = await fetch(`${server.url}${other.wallUrl}`, { headers: { cookie: wallCookie }, redirect: 'manual' });
    expect(moved.status).toBe(302);
    expect(await me(moved.headers.get('set-cookie')!.split(';')[0]!)).toMatchObject({ username: other.account.username });
  });

  it('signs in and out whatever stale cookie the browser sends, and clears a refused cookie wherever it is refused', async () => {
    const cookie = await cookieOf(server, 'sun.ops');
    const revoke = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie, origin: server.url } });
    expect(revoke.status).toBe(204);
    expect(clears(revoke)).toBe(true);
    // The browser still holds the revoked cookie (HttpOnly: the page cannot drop it).
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(401);
    expect(clears(me)).toBe(true);
    const cases = await fetch(`${server.url}/api/cases`, { headers: { cookie } });
    expect([cases.status, clears(cases)]).toEqual([401, true]);
    const wall = await fetch(`${server.url}/wall?area=${JINSHUI}`, { headers: { cookie }, redirect: 'manual' });
    expect([wall.status, wall.headers.get('location')?.startsWith('/login?next='), clears(wall)]).toEqual([302, true, true]);
    const open311 = await fetch(`${server.url}/open311/v2/requests.json`, { headers: { cookie } });
    expect([open311.status, clears(open311)]).toEqual([401, true]);
    const logout = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie, origin: server.url } });
    expect([logout.status, clears(logout)]).toEqual([204, true]);
    const wrong = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { cookie, origin: server.url, 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sun.ops', password: 'not it at all' }) });
    expect([wrong.status, clears(wrong)]).toEqual([401, true]);
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { cookie, origin: server.url, 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sun.ops', password: PASSWORD }) });
    expect(login.status).toBe(200);
    const fresh = login.headers.get('set-cookie')!.split(';')[0]!;
    expect(fresh).not.toBe(cookie);
    expect((await getJson(`${server.url}/api/auth/me`, { cookie: fresh })).body.principal).toMatchObject({ username: 'sun.ops' });
    // A stale header credential is refused the same way, but there is no cookie to clear.
    const bearer = await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${cookie.split('=')[1]}` } });
    expect([bearer.status, bearer.headers.get('set-cookie')]).toEqual([401, null]);
  });
});
