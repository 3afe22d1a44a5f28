import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseListResponse } from '../../../shared/src/api/cases.js';
import type { Worker } from '../../../shared/src/staff/roster.js';
import { apiClient, getJson, type ApiClient, type Json } from '../testing/http.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

const JINSHUI = '410105';
const ZHONGYUAN = '410102';
const PASSWORD = 'a long enough secret';

/**
 * A grid worker's account linked to its roster worker (accounts.worker_id, set by an administrator
 * through POST/PATCH /api/accounts), and "my cases" of GET /api/cases (assignee=me, mine=first):
 * a real server on port 0 over a real SQLite file.
 */
describe("a grid worker's account linked to its roster worker, and the cases assigned to them", () => {
  let server: TestServer;
  let admin: ApiClient;
  /** The grid, two roster workers of it (A: the account's, B: another's), and one of another district. */
  let grid: string;
  let otherGrid: string;
  let a: Worker;
  let b: Worker;
  let foreign: Worker;
  const cases: Record<'bFirst' | 'aOne' | 'open' | 'aTwo' | 'aElsewhere', string> = { bFirst: '', aOne: '', open: '', aTwo: '', aElsewhere: '' };

  const send = (client: ApiClient, method: 'POST' | 'PATCH', path: string, body: unknown) =>
    fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json', ...client.headers }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as Json }));
  const signIn = async (username: string): Promise<ApiClient> => {
    const login = await server.auth.login(username, PASSWORD, null);
    if (!login.ok) throw new Error(`sign-in of ${username} failed`);
    return apiClient(server.url, login.token);
  };
  async function post(lonLat: readonly [number, number], description: string): Promise<{ id: string; grid: string; community: string }> {
    const res = await server.api.post('/api/cases', { channel: 'hotline_12345', category: 'SR', subcategory: 'SR01', urgency: 'normal', lon: lonLat[0], lat: lonLat[1], description, address: description });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { id: res.body.id, grid: res.body.case.area.grid, community: res.body.case.area.community };
  }
  async function dispatch(id: string, assignee: string): Promise<void> {
    for (const body of [{ type: 'register' }, { type: 'dispatch', assignee }]) {
      const res = await server.api.post(`/api/cases/${id}/actions`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  }

  beforeAll(async () => {
    let clock = Date.parse('2026-12-07T10:00:00+08:00');
    server = await startTestServer({ clock: { now: () => (clock += 1000) }, scheduler: { every: () => () => {} } });
    admin = await server.as('admin', JINSHUI);
    // A 金水区 grid whose centroid resolves to itself, with two workers at home in it, and a
    // second grid of the same community.
    for (const street of server.model.children(JINSHUI)) {
      for (const community of server.model.children(street.code)) {
        const grids = server.model.children(community.code);
        const own = (code: string) => server.roster.byGrid(code).filter((w) => w.grids[0] === code);
        const g = grids.find((x) => own(x.code).length >= 2);
        const h = grids.find((x) => x !== g);
        if (!g || !h) continue;
        const first = await post(g.centroid, '网格员我的案件 B 先报');
        const second = await post(h.centroid, '网格员我的案件 邻格');
        if (first.grid !== g.code || second.grid !== h.code) continue;
        grid = g.code;
        otherGrid = h.code;
        [a, b] = own(grid) as [Worker, Worker];
        cases.bFirst = first.id;
        cases.aElsewhere = second.id;
        cases.aOne = (await post(g.centroid, '网格员我的案件 A 一')).id;
        cases.open = (await post(g.centroid, '网格员我的案件 未派遣')).id;
        cases.aTwo = (await post(g.centroid, '网格员我的案件 A 二')).id;
        break;
      }
      if (grid) break;
    }
    expect(grid).toBeTruthy();
    foreign = server.roster.byGrid(server.model.children(server.model.children(server.model.children(ZHONGYUAN)[0]!.code)[0]!.code)[0]!.code)[0]!;
    await dispatch(cases.bFirst, b.id);
    await dispatch(cases.aOne, a.id);
    await dispatch(cases.aTwo, a.id);
    await dispatch(cases.aElsewhere, a.id); // the same worker, outside the account's grid
    const registered = await server.api.post(`/api/cases/${cases.open}/actions`, { type: 'register' });
    expect(registered.status).toBe(201);
  }, 120_000);
  afterAll(async () => server?.close());

  it('links an account to a roster worker of its area, and refuses an unknown worker or one outside it with a 400 naming workerId', async () => {
    const account = (username: string, workerId?: unknown) => ({ username, name: '网格员', role: 'grid_worker', scope: grid, password: PASSWORD, ...(workerId === undefined ? {} : { workerId }) });
    const unknown = `W${grid}99`;
    for (const [workerId, why] of [
      [unknown, /no worker/],
      [foreign.id, /outside the account's area/],
      ['W123', /roster worker id/],
    ] as const) {
      const res = await send(admin, 'POST', '/api/accounts', account(`link.bad.${workerId.length}`, workerId));
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.field).toBe('workerId');
      expect(res.body.error.message).toMatch(why);
    }
    // Another worker of the district is outside a grid account's area too.
    const otherGridWorker = server.roster.byGrid(otherGrid).find((w) => !w.grids.includes(grid));
    if (otherGridWorker) expect((await send(admin, 'POST', '/api/accounts', account('link.bad.grid', otherGridWorker.id))).body.error.field).toBe('workerId');
    const created = await send(admin, 'POST', '/api/accounts', account('link.worker.a', a.id));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.account).toMatchObject({ username: 'link.worker.a', workerId: a.id });
    const me = await getJson(`${server.url}/api/auth/me`, (await signIn('link.worker.a')).headers);
    expect(me.body.principal).toMatchObject({ scope: grid, workerId: a.id });
    expect((await send(admin, 'POST', '/api/accounts', account('link.worker.none'))).body.account.workerId).toBeUndefined();

    // Changed by PATCH: another worker outside the area, or a new area the kept worker lies outside, is refused.
    const patch = (body: unknown) => send(admin, 'PATCH', '/api/accounts/link.worker.a', body);
    for (const body of [{ workerId: foreign.id }, { workerId: unknown }, { scope: server.model.children(JINSHUI).at(-1)!.code }]) {
      const res = await patch(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field).toBe('workerId');
    }
    expect((await patch({ workerId: null })).body.account.workerId).toBeUndefined();
    expect((await patch({ workerId: b.id })).body.account.workerId).toBe(b.id);
    expect((await patch({ workerId: a.id })).body.account.workerId).toBe(a.id);
    // The grant is on the record with the worker.
    const auditor = await server.as('auditor', JINSHUI);
    const grants = (await auditor.get('/api/audit?action=grant&limit=50')).body.entries as Json[];
    expect(grants.some((e) => e.target === 'link.worker.a' && e.outcome === 'ok' && e.detail?.workerId === a.id)).toBe(true);
  });

  it("lists the worker's own cases first, never another worker's as theirs, and keeps every list inside the account's area", async () => {
    const worker = await signIn('link.worker.a');
    const list = async (query: string) => {
      const res = await worker.get(`/api/cases?${query}`);
      expect(res.status, `${query}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
      return res.body as CaseListResponse;
    };
    // assignee=me: their two cases of the grid; not B's, not their own case in the next grid (outside the account's area).
    const mine = await list('assignee=me');
    expect(mine.items.map((c) => c.id).sort()).toEqual([cases.aOne, cases.aTwo].sort());
    expect(mine.total).toBe(2);
    expect(mine.items.every((c) => c.assignee === a.id && c.area.grid === grid)).toBe(true);
    // mine=first: theirs, then the rest of the grid; oldest first within each part here.
    const ordered = await list('mine=first&sort=reportedAt&order=asc');
    expect(ordered.items.map((c) => c.id)).toEqual([cases.aOne, cases.aTwo, cases.bFirst, cases.open]);
    expect(ordered.total).toBe(4);
    // Without it, B's case (reported first) leads: the order is the sort's alone.
    expect((await list('sort=reportedAt&order=asc')).items[0]!.id).toBe(cases.bFirst);
    // With the desk's own filters: open work, nearest deadline first, theirs before B's.
    const work = await list(`area=${grid}&status=dispatched,accepted,rework&sort=deadline&order=asc&mine=first`);
    expect(work.items.map((c) => c.id)).toEqual([cases.aOne, cases.aTwo, cases.bFirst]);
    expect(work.items.filter((c) => c.assignee === a.id).map((c) => c.id)).not.toContain(cases.bFirst);
    // The area is still cut to the account's: another area is refused, whatever asks for "mine".
    for (const q of [`assignee=me&area=${otherGrid}`, `mine=first&area=${JINSHUI}`, `assignee=me&area=${ZHONGYUAN}`]) {
      const res = await worker.get(`/api/cases?${q}`);
      expect(res.status, q).toBe(403);
      expect(res.body.error.field).toBe('area');
    }
    // The keyset cursor pages the plain newest-first order only.
    const cursor = await worker.get('/api/cases?mine=first&cursor=abc');
    expect([cursor.status, cursor.body.error.field]).toEqual([400, 'cursor']);
    // B's account sees B's case as theirs, and none of A's.
    expect((await send(admin, 'POST', '/api/accounts', { username: 'link.worker.b', name: '网格员乙', role: 'grid_worker', scope: grid, password: PASSWORD, workerId: b.id })).status).toBe(201);
    const other = await signIn('link.worker.b');
    expect(((await other.get('/api/cases?assignee=me')).body as CaseListResponse).items.map((c) => c.id)).toEqual([cases.bFirst]);
    expect(((await other.get('/api/cases?mine=first&sort=reportedAt&order=asc')).body as CaseListResponse).items.map((c) => c.id)).toEqual([cases.bFirst, cases.aOne, cases.open, cases.aTwo]);
  });

  it('answers an account linked to no worker as before: mine=first moves nothing, assignee=me is a 400 naming assignee', async () => {
    const unlinked = await signIn('link.worker.none');
    const plain = await unlinked.get('/api/cases?sort=reportedAt&order=asc');
    const first = await unlinked.get('/api/cases?mine=first&sort=reportedAt&order=asc');
    expect(first.status).toBe(200);
    expect((first.body as CaseListResponse).items.map((c) => c.id)).toEqual((plain.body as CaseListResponse).items.map((c) => c.id));
    const me = await unlinked.get('/api/cases?assignee=me');
    expect(me.status).toBe(400);
    expect(me.body.error.field).toBe('assignee');
    expect(me.body.error.message).toMatch(/no roster worker is linked/);
    // A malformed value names its parameter.
    expect((await unlinked.get('/api/cases?assignee=W1')).body.error.field).toBe('assignee');
  });
});

describe('the demo grid worker', () => {
  it('stands for a roster worker at home in its grid', async () => {
    const server = await startTestServer({ demoAccounts: true, scheduler: { every: () => () => {} } });
    try {
      const account = (await server.auth.accountsWithin(server.model.cityCode)).find((p) => p.username === 'grid.worker')!;
      expect(account.role).toBe('grid_worker');
      const worker = server.roster.byId(account.workerId ?? '');
      expect(worker?.grids[0]).toBe(account.scope);
      // The other demo accounts stand for nobody.
      expect((await server.auth.accountsWithin(server.model.cityCode)).filter((p) => p.workerId).map((p) => p.username)).toEqual(['grid.worker']);
    } finally {
      await server.close();
    }
  }, 60_000);
});
