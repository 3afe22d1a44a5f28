import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/src/access/roles.js';
import { validCase } from '../testing/caseInputs.js';
import { getJson, postJson, type ApiClient, type Json } from '../testing/http.js';
import { subscribeOnce as subscribe } from '../testing/liveClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { LOGIN_ATTEMPTS_PER_MINUTE } from './authRoutes.js';
import { MAX_FAILED_LOGINS, SESSION_MS } from './authService.js';

const JINSHUI = '410105';
const ERQI = '410103';
// 花园路 (金水区) and 二七广场 (二七区)
const IN_POINT = { lon: 113.6713, lat: 34.7835 };
const OUT_POINT = { lon: 113.6695, lat: 34.7536 };

async function signInRaw(url: string, username: string, password: string): Promise<Response> {
  return fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
}

describe('identity: sign-in, sessions, lock-out, devices', () => {
  let server: TestServer;
  let now = Date.parse('2026-11-23T09:00:00+08:00');
  const clock = { now: () => now };

  beforeAll(async () => {
    server = await startTestServer({ clock, scheduler: { every: () => () => {} } });
    await server.auth.createAccount({ username: 'li.ops', name: '李值班', role: 'operator', scope: JINSHUI, kind: 'person', password: 'correct horse battery' }, null);
  });
  afterAll(async () => server.close());

  it('signs in with a password into an HttpOnly SameSite=Strict cookie, and out again', async () => {
    const res = await signInRaw(server.url, 'li.ops', 'correct horse battery');
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^cityops_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    const me = await getJson(`${server.url}/api/auth/me`, { cookie });
    expect(me.body.principal).toMatchObject({ username: 'li.ops', role: 'operator', scope: JINSHUI, kind: 'person' });
    expect(JSON.stringify(me.body)).not.toMatch(/password|hash/);
    const out = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie, origin: server.url } });
    expect(out.status).toBe(204);
    expect((await getJson(`${server.url}/api/auth/me`, { cookie })).status).toBe(401);
  });

  it('refuses wrong passwords alike for unknown and known accounts, and locks after repeated failures', async () => {
    await server.auth.createAccount({ username: 'wang.ops', name: '王值班', role: 'operator', scope: JINSHUI, kind: 'person', password: 'a long enough secret' }, null);
    const unknown = await signInRaw(server.url, 'nobody', 'x');
    expect(unknown.status).toBe(401);
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) expect((await signInRaw(server.url, 'wang.ops', 'guess')).status).toBe(401);
    const locking = await signInRaw(server.url, 'wang.ops', 'guess');
    expect(locking.status).toBe(423);
    // Locked: even the right password is refused until the lock expires.
    expect((await signInRaw(server.url, 'wang.ops', 'a long enough secret')).status).toBe(423);
    now += 16 * 60_000;
    expect((await signInRaw(server.url, 'wang.ops', 'a long enough secret')).status).toBe(200);
    const auditor = await server.as('auditor');
    const failures = (await auditor.get('/api/audit?action=sign-in&limit=50')).body.entries.filter((e: Json) => e.target === 'wang.ops' && e.outcome !== 'ok');
    expect(failures).toHaveLength(MAX_FAILED_LOGINS + 1); // 5 wrong passwords and one refusal while locked
    expect(failures.every((e: Json) => e.ip)).toBe(true);
  });

  it('refuses forged, revoked and expired credentials, never treating them as anonymous', async () => {
    const forged = 'A'.repeat(43);
    expect((await getJson(`${server.url}/api/cases`, { authorization: `Bearer ${forged}` })).status).toBe(401);
    expect((await getJson(`${server.url}/api/cases`, { cookie: `cityops_session=${forged}` })).status).toBe(401);
    expect((await getJson(`${server.url}/api/cases`)).status).toBe(401);
    const analyst = await server.as('analyst');
    expect((await analyst.get('/api/cases?limit=1')).status).toBe(200);
    now += SESSION_MS + 1;
    expect((await analyst.get('/api/cases?limit=1')).status).toBe(401);
  });

  it('refuses a cookie-authenticated change from another origin (CSRF)', async () => {
    const res = await signInRaw(server.url, 'li.ops', 'correct horse battery');
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const post = (headers: Record<string, string>) => postJson(`${server.url}/api/cases`, validCase(), { headers: { cookie, ...headers } });
    expect((await post({})).status).toBe(403);
    expect((await post({ origin: 'http://evil.example' })).status).toBe(403);
    expect((await post({ origin: server.url })).status).toBe(201);
  });

  it('lets a wall sign in with its device token, once, without a password', async () => {
    const admin = await server.as('admin');
    const created = await admin.post('/api/devices', { label: '金水区大屏', scope: JINSHUI, kind: 'display' });
    expect(created.status).toBe(201);
    const res = await fetch(`${server.url}${created.body.wallUrl}&mode=fit`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/wall?mode=fit&area=${JINSHUI}`);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    expect((await getJson(`${server.url}/api/areas/${JINSHUI}`, { cookie })).status).toBe(200);
    expect((await getJson(`${server.url}/api/areas/${ERQI}`, { cookie })).status).toBe(403);
    // A display reads; it cannot submit or act.
    expect((await postJson(`${server.url}/api/cases`, validCase(), { headers: { cookie, origin: server.url } })).status).toBe(403);
    expect((await fetch(`${server.url}/wall?device=${'B'.repeat(43)}`, { redirect: 'manual' })).status).toBe(401);
  });

  it('sends a person without a session to the sign-in page and back, never elsewhere', async () => {
    const res = await fetch(`${server.url}/wall?area=${JINSHUI}&mode=fit`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/wall?area=${JINSHUI}&mode=fit`)}`);
    const page = await fetch(`${server.url}/login`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="/sign-in.js"></script>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    // The script follows only paths of this server (no open redirect).
    expect(await (await fetch(`${server.url}/sign-in.js`)).text()).toContain("next.charAt(1) === '/'");
  });

  it('lets an administrator grant only within their area and never above their role', async () => {
    const districtAdmin = await server.as('admin', JINSHUI);
    const ok = await districtAdmin.post('/api/accounts', { username: 'jinshui.cmd', name: '金水指挥长', role: 'commander', scope: JINSHUI, password: 'a long enough secret' });
    expect(ok.status).toBe(201);
    const wider = await districtAdmin.post('/api/accounts', { username: 'city.cmd2', name: '市指挥长', role: 'commander', scope: '410100', password: 'a long enough secret' });
    expect([wider.status, wider.body.error.field]).toEqual([403, 'scope']);
    const elsewhere = await districtAdmin.post('/api/accounts', { username: 'erqi.ops', name: '二七值班', role: 'operator', scope: ERQI, password: 'a long enough secret' });
    expect(elsewhere.status).toBe(403);
    const commander = await server.as('commander', JINSHUI);
    expect((await commander.post('/api/accounts', { username: 'x.ops', name: 'x', role: 'operator', scope: JINSHUI, password: 'a long enough secret' })).status).toBe(403);
    const weak = await districtAdmin.post('/api/accounts', { username: 'weak.ops', name: 'w', role: 'operator', scope: JINSHUI, password: 'short' });
    expect([weak.status, weak.body.error.field]).toEqual([400, 'password']);
    expect((await districtAdmin.get('/api/accounts')).body.accounts.every((a: Json) => a.scope.startsWith(JINSHUI))).toBe(true);
    const auditor = await server.as('auditor');
    const grants = (await auditor.get('/api/audit?action=grant&limit=100')).body.entries.filter((e: Json) => e.outcome === 'refused');
    expect(grants.map((e: Json) => e.target).sort()).toEqual(['city.cmd2', 'erqi.ops']);
  });

  it('changes roles and areas within the administrator\'s reach, and disables accounts at once', async () => {
    const districtAdmin = await server.as('admin', JINSHUI);
    await districtAdmin.post('/api/accounts', { username: 'zhao.ops', name: '赵值班', role: 'operator', scope: JINSHUI, password: 'a long enough secret' });
    // (Signed in directly: this file's earlier tests used up the address's sign-in attempts.)
    const login = await server.auth.login('zhao.ops', 'a long enough secret', null);
    if (!login.ok) throw new Error('sign-in failed');
    const cookie = `cityops_session=${login.token}`;
    const patch = (username: string, body: unknown) =>
      fetch(`${server.url}/api/accounts/${username}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...districtAdmin.headers }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as Json }));
    expect((await patch('zhao.ops', { scope: `${JINSHUI}001` })).status).toBe(200);
    // The session follows the account's new area at once.
    expect((await getJson(`${server.url}/api/auth/me`, { cookie })).body.principal.scope).toBe(`${JINSHUI}001`);
    expect((await patch('zhao.ops', { scope: ERQI })).body.error.field).toBe('scope');
    expect((await patch('li.ops', { role: 'admin' })).status).toBe(200); // an admin may grant admin, not above
    const cityAdmin = (await server.as('admin')).headers;
    const toCity = await fetch(`${server.url}/api/accounts/li.ops`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...districtAdmin.headers }, body: JSON.stringify({ scope: '410100' }) });
    expect(toCity.status).toBe(403);
    expect((await patch('nobody.at.all', { disabled: true })).status).toBe(404);
    expect((await patch('zhao.ops', {})).status).toBe(400);
    expect((await patch('zhao.ops', { disabled: true })).status).toBe(200);
    expect((await getJson(`${server.url}/api/auth/me`, { cookie })).status).toBe(401);
    expect(await server.auth.login('zhao.ops', 'a long enough secret', null)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(cityAdmin.authorization).toBeTruthy();
  });

  it('limits sign-in attempts per address', async () => {
    let limited = 0;
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_MINUTE + 2; i++) if ((await signInRaw(server.url, 'nobody', 'x')).status === 429) limited++;
    expect(limited).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 50));
    const auditor = await server.as('auditor');
    const refused = (await auditor.get('/api/audit?action=sign-in&limit=200')).body.entries.filter((e: Json) => e.detail?.reason === 'rate limit');
    expect(refused.length).toBe(limited);
  });
});

describe('access by level and area: every endpoint × role × in/out of scope', () => {
  let server: TestServer;
  let inCase: string;
  let outCase: string;
  let grid: string;
  const roles: Role[] = ['commander', 'operator', 'analyst', 'grid_worker', 'auditor', 'admin'];
  const clients = new Map<Role, ApiClient>();

  beforeAll(async () => {
    server = await startTestServer({ scheduler: { every: () => () => {} } });
    const a = (await server.api.post('/api/cases', validCase({ ...IN_POINT, reporter: { name: '赵先生', phone: '13700001111' } }))).body.case;
    inCase = a.id;
    grid = a.area.grid;
    outCase = (await server.api.post('/api/cases', validCase(OUT_POINT))).body.case.id;
    for (const role of roles) clients.set(role, await server.as(role, role === 'grid_worker' ? grid : JINSHUI));
  });
  afterAll(async () => server.close());

  const own = (role: Role) => (role === 'grid_worker' ? grid : JINSHUI);
  const canRead = (role: Role) => role !== 'auditor';

  it('answers out-of-scope requests 403/404 with no data, in-scope ones by capability', async () => {
    for (const role of roles) {
      const c = clients.get(role)!;
      const reads: Array<[string, string]> = [
        [`/api/cases?area=${own(role)}`, `/api/cases?area=${ERQI}`],
        [`/api/cases/${inCase}`, `/api/cases/${outCase}`],
        [`/api/kpis?area=${own(role)}`, `/api/kpis?area=${ERQI}`],
        [`/api/trend?area=${own(role)}`, `/api/trend?area=${ERQI}`],
        [`/api/staff?area=${own(role)}`, `/api/staff?area=${ERQI}`],
        [`/api/cases/export.csv?area=${own(role)}`, `/api/cases/export.csv?area=${ERQI}`],
        [`/api/areas/${own(role)}`, `/api/areas/${ERQI}`],
        [`/api/geo/districts/${JINSHUI}.topo.json`, `/api/geo/districts/${ERQI}.topo.json`],
      ];
      for (const [inside, outside] of reads) {
        const out = await c.get(outside).catch(() => ({ status: 0, body: null }));
        expect([403, 404], `${role} ${outside}`).toContain(out.status);
        expect(JSON.stringify(out.body), `${role} ${outside}`).not.toMatch(/"items"|"counts"|"metrics"|"received"|赵先生|description/);
        const everyone = inside.startsWith('/api/areas') || inside.startsWith('/api/geo');
        const expected = inside.includes('export') ? (['commander', 'operator', 'analyst'].includes(role) ? 200 : 403) : everyone || canRead(role) ? 200 : 403;
        const res = await fetch(`${server.url}${inside}`, { headers: c.headers });
        expect(res.status, `${role} ${inside}`).toBe(expected);
      }
      // Assessment: streets of one's own district, not another's.
      if (role !== 'grid_worker' && canRead(role)) {
        expect((await c.get(`/api/assessment?level=street&area=${JINSHUI}`)).status, role).toBe(200);
        expect((await c.get(`/api/assessment?level=street&area=${ERQI}`)).status, role).toBe(403);
      }
      // Submitting: ingest roles inside their area only (refused per item, naming the reason).
      const ingests = ['commander', 'operator', 'grid_worker'].includes(role);
      const submitted = await c.post('/api/cases', validCase(IN_POINT));
      expect(submitted.status, `${role} submit inside`).toBe(ingests ? 201 : 403);
      const outsideCase = await c.post('/api/cases', validCase(OUT_POINT));
      expect(outsideCase.status, `${role} submit outside`).toBe(ingests ? 400 : 403);
      if (ingests) expect(outsideCase.body.error.message).toMatch(/outside your area/);
      // Administration and the audit log.
      const administers = role === 'admin';
      const account = (scope: string) => ({ username: `m.${role}.${scope}`, name: 'x', role: 'analyst', scope, password: 'a long enough secret' });
      expect((await c.post('/api/accounts', account(JINSHUI))).status, `${role} grant inside`).toBe(administers ? 201 : 403);
      expect((await c.post('/api/accounts', account(ERQI))).status, `${role} grant outside`).toBe(403);
      expect((await c.post('/api/devices', { label: 'x', scope: JINSHUI, kind: 'display' })).status, `${role} device inside`).toBe(administers ? 201 : 403);
      expect((await c.post('/api/devices', { label: 'x', scope: ERQI, kind: 'display' })).status, `${role} device outside`).toBe(403);
      expect((await c.get('/api/audit')).status, `${role} audit`).toBe(role === 'auditor' || administers ? 200 : 403);
      // Actions: the out-of-scope case does not exist for the caller; a role without the right is refused first.
      const acts = ['commander', 'operator', 'grid_worker'].includes(role);
      expect((await c.post(`/api/cases/${outCase}/actions`, { type: 'register' })).status, `${role} act outside`).toBe(acts ? 404 : 403);
      // Live subscriptions: refused by name, never widened; an auditor reads no cases, live or not.
      const outside = await subscribe(server.url, { token: c.token }, ERQI);
      expect(outside, role).toMatchObject({ ok: false, code: 'forbidden' });
      const inside = await subscribe(server.url, { token: c.token }, own(role));
      expect(inside, role).toMatchObject(canRead(role) ? { ok: true } : { ok: false, code: 'forbidden' });
    }
  });

  it('masks the reporter for everyone not handling the case; unmasking is explicit and audited', async () => {
    const worker = clients.get('grid_worker')!;
    expect((await worker.get(`/api/cases/${inCase}`)).body.reporter).toEqual({ name: '赵先生', phone: '13700001111' });
    for (const role of ['commander', 'operator', 'analyst', 'admin'] as const) {
      expect((await clients.get(role)!.get(`/api/cases/${inCase}`)).body.reporter, role).toEqual({ name: '赵**', phone: '137****1111' });
    }
    expect((await clients.get('analyst')!.post(`/api/cases/${inCase}/unmask`, {})).status).toBe(403);
    expect((await clients.get('operator')!.post(`/api/cases/${outCase}/unmask`, {})).status).toBe(404);
    const unmasked = await clients.get('operator')!.post(`/api/cases/${inCase}/unmask`, {});
    expect(unmasked.body.reporter).toEqual({ name: '赵先生', phone: '13700001111' });
    // The district's auditor sees the unmasking; an auditor of another district does not.
    const entries = (await clients.get('auditor')!.get('/api/audit?action=unmask')).body.entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ target: inCase, actorRole: 'operator', outcome: 'ok' });
    const erqiAuditor = await server.as('auditor', ERQI);
    expect((await erqiAuditor.get('/api/audit?action=unmask')).body.entries).toHaveLength(0);
    expect((await clients.get('operator')!.get('/api/audit')).status).toBe(403);
  });

  it('refuses sockets without a credential and with a machine key', async () => {
    expect(await subscribe(server.url, {}, JINSHUI)).toMatchObject({ connectError: expect.stringMatching(/unauthorized/) });
    const admin = await server.as('admin');
    const key = (await admin.post('/api/devices', { label: 'iot', scope: JINSHUI, kind: 'machine' })).body.token;
    expect(await subscribe(server.url, { token: key }, JINSHUI)).toMatchObject({ connectError: expect.stringMatching(/unauthorized/) });
  });

  it('audits exports and case actions with who, what and where', async () => {
    const operator = clients.get('operator')!;
    const csv = await fetch(`${server.url}/api/cases/export.csv?area=${JINSHUI}`, { headers: operator.headers });
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: Excel opens the Chinese right
    const text = bytes.subarray(3).toString('utf8');
    expect(text).toMatch(/^案件编号,上报时间,来源渠道,/);
    expect(text).toContain(inCase);
    expect(text).not.toContain('赵先生');
    await operator.post(`/api/cases/${inCase}/actions`, { type: 'register' });
    const log = (await clients.get('auditor')!.get('/api/audit?limit=200')).body.entries as Json[];
    expect(log.find((e) => e.action === 'export')).toMatchObject({ outcome: 'ok', actorRole: 'operator', area: JINSHUI, detail: { rows: text.trim().split('\r\n').length - 1 } });
    expect(log.find((e) => e.action === 'case:register')).toMatchObject({ outcome: 'ok', target: inCase, area: grid });
  });

  it('audits refused access: forged credentials, areas outside one\'s own, refused subscriptions', async () => {
    const analyst = clients.get('analyst')!;
    await getJson(`${server.url}/api/cases`, { authorization: `Bearer ${'F'.repeat(43)}` });
    await analyst.get(`/api/cases?area=${ERQI}`);
    await subscribe(server.url, { token: analyst.token }, ERQI);
    await new Promise((r) => setTimeout(r, 100)); // audit writes are not awaited by the answer
    const auditor = await server.as('auditor');
    const log = (await auditor.get('/api/audit?limit=500')).body.entries as Json[];
    expect(log.find((e) => e.action === 'access:credential')).toMatchObject({ outcome: 'refused', detail: { status: 401 } });
    expect(log.find((e) => e.action === 'access' && e.target === `GET /api/cases?area=${ERQI}`)).toMatchObject({ outcome: 'refused', actorRole: 'analyst', actorScope: JINSHUI });
    expect(log.find((e) => e.action === 'access:subscribe' && e.target === ERQI)).toMatchObject({ outcome: 'refused', actorRole: 'analyst' });
  });

  it('sends security headers with a strict Content-Security-Policy', async () => {
    const res = await fetch(`${server.url}/api/health`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
