import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validCase } from '../testing/caseInputs.js';
import type { Json } from '../testing/http.js';
import { subscribeOnce } from '../testing/liveClient.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

const JINSHUI = '410105';
// 花园路, 金水区
const IN_POINT = { lon: 113.6713, lat: 34.7835 };

type Caller = 'machine' | 'display' | 'auditor';

/** One route, how to call it, and what each caller gets: a status, or a check of the answer. */
interface Row {
  route: string;
  path: string;
  body?: unknown;
  form?: boolean;
  expect: Record<Caller, number>;
}

/** Every route the app has under a mount point, as "METHOD path", read from Express's own tables. */
function routesOf(app: { router: { stack: unknown[] } }): string[] {
  const out: string[] = [];
  type Layer = { route?: { path: string | string[]; methods: Record<string, boolean> }; handle?: { stack?: unknown[] }; rawPath?: string };
  const walk = (stack: unknown[], prefix: string) => {
    for (const layer of stack as Layer[]) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const method of Object.keys(layer.route.methods)) for (const p of paths) out.push(`${method.toUpperCase()} ${prefix}${p}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack, prefix + (layer.rawPath && layer.rawPath !== '/' ? layer.rawPath : ''));
    }
  };
  walk(app.router.stack, '');
  return out;
}

/**
 * Every route of the API and of Open311, called by the three accounts that hold one narrow right:
 * a machine source (submits, and reads back its own submissions through Open311; nothing else),
 * a wall display (reads its area; changes nothing) and an auditor (reads the audit log and the
 * map; no case contents). A route added later without a row here fails the first test.
 */
describe('every route × machine key, wall display, auditor', () => {
  let server: TestServer;
  const headers = {} as Record<Caller, Record<string, string>>;
  const tokens = {} as Record<Caller, string>;
  let caseId: string;
  let caseSeq: number;
  let rows: Row[];

  beforeAll(async () => {
    server = await startTestServer({ scheduler: { every: () => () => {} } });
    const admin = await server.as('admin');
    tokens.machine = (await admin.post('/api/devices', { label: '金水区感知平台', scope: JINSHUI, kind: 'machine' })).body.token;
    tokens.display = (await admin.post('/api/devices', { label: '金水区大屏', scope: JINSHUI, kind: 'display' })).body.token;
    tokens.auditor = (await server.as('auditor', JINSHUI)).token;
    headers.machine = { 'x-api-key': tokens.machine };
    // A wall talks with its cookie, from the server's own pages.
    headers.display = { cookie: `cityops_session=${tokens.display}`, origin: server.url };
    headers.auditor = { authorization: `Bearer ${tokens.auditor}` };
    // The source's own case (Open311 gives it back to it), reported and untouched.
    const submitted = await fetch(`${server.url}/api/cases`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers.machine }, body: JSON.stringify(validCase(IN_POINT)) });
    expect(submitted.status).toBe(201);
    caseId = ((await submitted.json()) as Json).id;
    caseSeq = Number((await server.store.sql.all<{ seq: number }>('SELECT seq FROM cases WHERE id = ?', [caseId]))[0]!.seq);
    const everyone = (status: number) => ({ machine: status, display: status, auditor: status });
    const reads = { machine: 403, display: 200, auditor: 403 }; // case contents, KPIs, staff
    const map = { machine: 403, display: 200, auditor: 200 }; // the city model the screens draw
    rows = [
      { route: 'GET /api/health', path: '/api/health', expect: everyone(200) },
      { route: 'POST /api/auth/login', path: '/api/auth/login', body: { username: 'nobody', password: 'wrong' }, expect: everyone(401) },
      { route: 'GET /api/auth/me', path: '/api/auth/me', expect: everyone(200) },
      { route: 'GET /api/accounts', path: '/api/accounts', expect: everyone(403) },
      { route: 'POST /api/accounts', path: '/api/accounts', body: { username: 'walk.analyst', name: 'x', role: 'analyst', scope: JINSHUI, password: 'a long enough secret' }, expect: everyone(403) },
      { route: 'PATCH /api/accounts/:username', path: '/api/accounts/walk.nobody', body: { disabled: true }, expect: everyone(403) },
      { route: 'POST /api/devices', path: '/api/devices', body: { label: 'x', scope: JINSHUI, kind: 'machine' }, expect: everyone(403) },
      { route: 'GET /api/audit', path: '/api/audit', expect: { machine: 403, display: 403, auditor: 200 } },
      { route: 'GET /api/areas', path: '/api/areas', expect: map },
      { route: 'GET /api/areas/:code', path: `/api/areas/${JINSHUI}`, expect: map },
      { route: 'GET /api/areas/:code/grid-households', path: `/api/areas/${JINSHUI}/grid-households`, expect: map },
      { route: 'GET /api/resolve', path: `/api/resolve?lon=${IN_POINT.lon}&lat=${IN_POINT.lat}`, expect: map },
      { route: 'GET /api/geo/overview.topo.json', path: '/api/geo/overview.topo.json', expect: map },
      { route: 'GET /api/geo/districts/:file', path: `/api/geo/districts/${JINSHUI}.topo.json`, expect: map },
      { route: 'GET /api/wall-config', path: '/api/wall-config', expect: map },
      { route: 'GET /api/categories', path: '/api/categories', expect: everyone(200) },
      { route: 'POST /api/cases', path: '/api/cases', body: validCase(IN_POINT), expect: { machine: 201, display: 403, auditor: 403 } },
      { route: 'GET /api/cases', path: `/api/cases?area=${JINSHUI}`, expect: reads },
      { route: 'GET /api/cases/export.csv', path: `/api/cases/export.csv?area=${JINSHUI}`, expect: everyone(403) },
      { route: 'GET /api/cases/export.xlsx', path: `/api/cases/export.xlsx?area=${JINSHUI}`, expect: everyone(403) },
      { route: 'GET /api/search', path: `/api/search?q=${encodeURIComponent('金水')}`, expect: reads },
      { route: 'GET /api/cases/:id', path: `/api/cases/${caseId}`, expect: reads },
      { route: 'GET /api/cases/by-seq/:seq', path: `/api/cases/by-seq/${caseSeq}`, expect: reads },
      { route: 'POST /api/cases/:id/unmask', path: `/api/cases/${caseId}/unmask`, body: {}, expect: everyone(403) },
      { route: 'POST /api/cases/:id/actions', path: `/api/cases/${caseId}/actions`, body: { type: 'register' }, expect: everyone(403) },
      { route: 'POST /api/cases/:id/supervise', path: `/api/cases/${caseId}/supervise`, body: { note: '督办' }, expect: everyone(403) },
      { route: 'GET /api/kpis', path: `/api/kpis?area=${JINSHUI}`, expect: reads },
      { route: 'GET /api/kpis/breakdown', path: `/api/kpis/breakdown?area=${JINSHUI}&by=category`, expect: reads },
      { route: 'GET /api/trend', path: `/api/trend?area=${JINSHUI}`, expect: reads },
      { route: 'GET /api/map/cases', path: `/api/map/cases?area=${JINSHUI}`, expect: reads },
      { route: 'GET /api/replay', path: `/api/replay?area=${JINSHUI}&from=2026-11-23T00:00:00%2B08:00&to=2026-11-24T00:00:00%2B08:00`, expect: reads },
      { route: 'GET /api/assessment', path: `/api/assessment?level=street&area=${JINSHUI}`, expect: reads },
      { route: 'GET /api/staff', path: `/api/staff?area=${JINSHUI}`, expect: reads },
      { route: 'GET /api/party', path: `/api/party?area=${JINSHUI}`, expect: reads },
      { route: 'GET /api/party/members', path: `/api/party/members?area=${JINSHUI}`, expect: reads },
      { route: 'GET /api/party/grids', path: `/api/party/grids?area=${JINSHUI}`, expect: reads },
      { route: 'GET /api/party/communities', path: `/api/party/communities?area=${JINSHUI}`, expect: reads },
      { route: 'PUT /api/party/ratings/:community', path: `/api/party/ratings/${JINSHUI}001001`, body: {}, expect: everyone(403) },
      // Steering the walls is for commanders and administrators: a wall does not steer itself.
      { route: 'GET /api/walls', path: '/api/walls', expect: everyone(403) },
      { route: 'GET /api/walls/:device', path: '/api/walls/00000000-0000-0000-0000-000000000000', expect: everyone(403) },
      { route: 'POST /api/walls/:device/commands', path: '/api/walls/00000000-0000-0000-0000-000000000000/commands', body: { type: 'release' }, expect: everyone(403) },
      { route: 'GET /api/scenes', path: '/api/scenes', expect: everyone(403) },
      { route: 'POST /api/scenes', path: '/api/scenes', body: {}, expect: everyone(403) },
      { route: 'DELETE /api/scenes/:id', path: '/api/scenes/x', expect: everyone(403) },
      { route: 'GET /open311/v2/services.json', path: '/open311/v2/services.json', expect: everyone(200) },
      {
        route: 'POST /open311/v2/requests.json',
        path: '/open311/v2/requests.json',
        body: new URLSearchParams({ service_code: 'GY01', lat: String(IN_POINT.lat), long: String(IN_POINT.lon), description: '井盖缺失' }).toString(),
        form: true,
        expect: { machine: 201, display: 403, auditor: 403 },
      },
      // A source reads back its own submissions here; a wall reads its area; an auditor no case.
      { route: 'GET /open311/v2/requests.json', path: '/open311/v2/requests.json', expect: { machine: 200, display: 200, auditor: 403 } },
      { route: 'GET /open311/v2/requests/:id.json', path: `/open311/v2/requests/${caseId}.json`, expect: { machine: 200, display: 200, auditor: 403 } },
      // Last: a person's sign-out ends the session; a device is not signed out by itself.
      { route: 'POST /api/auth/logout', path: '/api/auth/logout', body: {}, expect: { machine: 403, display: 403, auditor: 204 } },
    ];
  });
  afterAll(async () => server.close());

  it('has a row for every route of the API and of Open311', () => {
    const mounted = routesOf(server.app as unknown as { router: { stack: unknown[] } }).filter((r) => /^\w+ \/(api|open311)\//.test(r));
    expect(rows.map((r) => r.route).sort()).toEqual([...new Set(mounted)].sort());
  });

  it('answers each caller by its capability, on every route', async () => {
    const answers: string[] = [];
    const wanted: string[] = [];
    for (const caller of ['machine', 'display', 'auditor'] as const) {
      for (const row of rows) {
        const method = row.route.split(' ')[0]!;
        const res = await fetch(`${server.url}${row.path}`, {
          method,
          headers: { ...headers[caller], ...(row.body === undefined ? {} : { 'content-type': row.form ? 'application/x-www-form-urlencoded' : 'application/json' }) },
          ...(row.body === undefined ? {} : { body: row.form ? (row.body as string) : JSON.stringify(row.body) }),
        });
        await res.arrayBuffer();
        answers.push(`${caller} ${row.route} → ${res.status}`);
        wanted.push(`${caller} ${row.route} → ${row.expect[caller]}`);
      }
    }
    expect(answers).toEqual(wanted);
    // Nothing moved the case, and the devices' tokens still hold (a device does not sign itself out).
    expect((await server.api.get(`/api/cases/${caseId}`)).body).toMatchObject({ status: 'reported', version: 0 });
    expect((await fetch(`${server.url}/api/auth/me`, { headers: headers.machine })).status).toBe(200);
    expect((await fetch(`${server.url}/api/auth/me`, { headers: headers.display })).status).toBe(200);
  });

  it("never revokes a device's token from the wall page's sign-in form (POST /wall)", async () => {
    const admin = await server.as('admin');
    const wall = (await admin.post('/api/devices', { label: '金水区第二块屏', scope: JINSHUI, kind: 'display' })).body.token as string;
    for (const caller of ['machine', 'display'] as const) {
      const res = await fetch(`${server.url}/wall`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...headers[caller], origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ device: wall }).toString(),
      });
      expect(res.status, caller).toBe(303);
      expect((await fetch(`${server.url}/api/auth/me`, { headers: headers[caller] })).status, caller).toBe(200);
    }
  });

  it('gives a source back only its own submissions through Open311', async () => {
    const other = await server.api.post('/api/cases', validCase(IN_POINT)); // the city commander's, in the same grid
    const listed = (await (await fetch(`${server.url}/open311/v2/requests.json`, { headers: headers.machine })).json()) as Json[];
    const ids = listed.map((r) => r.service_request_id);
    expect(ids).toContain(caseId);
    expect(ids).not.toContain(other.body.id);
    expect((await fetch(`${server.url}/open311/v2/requests/${other.body.id}.json`, { headers: headers.machine })).status).toBe(404);
    expect((await (await fetch(`${server.url}/open311/v2/requests.json?service_request_id=${other.body.id}`, { headers: headers.machine })).json()) as Json[]).toEqual([]);
    // A wall of the area reads them all.
    const wall = (await (await fetch(`${server.url}/open311/v2/requests.json`, { headers: headers.display })).json()) as Json[];
    expect(wall.map((r) => r.service_request_id)).toEqual(expect.arrayContaining([caseId, other.body.id]));
  });

  it('streams live areas to the wall only: a source cannot connect, an auditor cannot subscribe', async () => {
    expect(await subscribeOnce(server.url, { token: tokens.machine }, JINSHUI)).toMatchObject({ connectError: expect.stringMatching(/unauthorized/) });
    expect(await subscribeOnce(server.url, { token: tokens.display }, JINSHUI)).toMatchObject({ ok: true });
    const auditor = (await server.as('auditor', JINSHUI)).token;
    expect(await subscribeOnce(server.url, { token: auditor }, JINSHUI)).toMatchObject({ ok: false, code: 'forbidden' });
    await new Promise((r) => setTimeout(r, 100)); // the refusal's audit write is not awaited
    const log = (await server.as('auditor')).get(`/api/audit?action=access:subscribe&limit=50`);
    expect((await log).body.entries.find((e: Json) => e.actorRole === 'auditor' && e.target === JINSHUI)).toMatchObject({ outcome: 'refused' });
  });
});
