import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchResponse, CaseListResponse } from '../../../shared/src/api/cases.js';
import type { Case } from '../../../shared/src/cases/caseModel.js';
import { validCase } from '../testing/caseInputs.js';
import { postJson } from '../testing/http.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

// 二七区, well inside the district (the default case lies in 金水区).
const ERQI: [number, number] = [113.6395, 34.7105];


describe('case ingest and queries (real server, real SQLite file)', () => {
  let server: TestServer;
  const post = (path: string, body: unknown, raw = false) => server.api.post(path, body, { raw });
  const get = (path: string) => server.api.get(path);

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('accepts one case, places it in its grid cell and stores it', async () => {
    const { status, body } = await post('/api/cases', validCase({ reporter: { name: '张三', phone: '13800000000' }, address: '花园路与农业路口' }));
    expect(status).toBe(201);
    const c = body.case as Case;
    expect(c.id).toMatch(/^[0-9A-Z]{26}$/);
    expect(c.area.district).toBe('410105');
    expect(c.area.grid.startsWith(c.area.community)).toBe(true);
    expect(c.status).toBe('reported');
    expect(c.times.reported).toMatch(/\+08:00$/);
    // The reporter's data is masked for everyone not handling the case (a city commander is not:
    // the case is handled at grid level) until they unmask it, which is audited.
    const again = await get(`/api/cases/${c.id}`);
    expect(again).toMatchObject({ status: 200, body: { id: c.id, reporter: { name: '张*', phone: '138****0000' }, address: '花园路与农业路口' } });
    expect(body.case.reporter).toEqual({ name: '张*', phone: '138****0000' });
    const unmasked = await server.api.post(`/api/cases/${c.id}/unmask`, {});
    expect(unmasked).toMatchObject({ status: 200, body: { reporter: { name: '张三', phone: '13800000000' } } });
    const worker = await server.as('grid_worker', c.area.grid);
    expect((await worker.get(`/api/cases/${c.id}`)).body.reporter).toEqual({ name: '张三', phone: '13800000000' });
    const analyst = await server.as('analyst');
    expect((await analyst.post(`/api/cases/${c.id}/unmask`, {})).status).toBe(403);
    const auditor = await server.as('auditor');
    const log = (await auditor.get('/api/audit?action=unmask')).body.entries;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ action: 'unmask', target: c.id, outcome: 'ok', actorRole: 'commander' });
  });

  it('names every bad field with a 400 and stores nothing', async () => {
    const before = await server.store.count();
    const { status, body } = await post('/api/cases', { ...validCase(), channel: 'fax', lat: 'north', description: '', extra: 1 });
    expect(status).toBe(400);
    const fields = (body.error.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['channel', 'lat', 'description']));
    expect(await server.store.count()).toBe(before);
  });

  it('refuses a point outside the city, and a subcategory of another category', async () => {
    const outside = await post('/api/cases', validCase({ lon: 116.4, lat: 39.9 }));
    expect(outside.status).toBe(400);
    expect(outside.body.error.message).toContain('outside the city');
    const mismatch = await post('/api/cases', validCase({ subcategory: 'XC01' }));
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.field).toBe('subcategory');
  });

  it('keeps the valid items of a batch and answers per item', async () => {
    const batch = [validCase(), validCase({ urgency: 'urgent' as never }), validCase({ lon: ERQI[0], lat: ERQI[1] })];
    const { status, body } = await post('/api/cases', batch);
    const answer = body as BatchResponse;
    expect(status).toBe(207);
    expect(answer).toMatchObject({ policy: 'valid items are kept', accepted: 2, rejected: 1 });
    expect(answer.results[1]).toMatchObject({ index: 1, errors: [{ field: 'urgency' }] });
    const id = (answer.results[2] as { id: string }).id;
    expect((await get(`/api/cases/${id}`)).body.area.district).toBe('410103');
    const allBad = await post('/api/cases', [{ nope: 1 }, { channel: 'x' }]);
    expect(allBad.status).toBe(400);
  });

  it('refuses oversized batches and bodies with 413, malformed JSON with 400', async () => {
    expect((await post('/api/cases', Array.from({ length: 1001 }, () => validCase()))).status).toBe(413);
    const huge = JSON.stringify([validCase({ description: 'x'.repeat(5 * 1024 * 1024) })]);
    expect((await post('/api/cases', huge, true)).status).toBe(413);
    expect((await post('/api/cases', '{"channel": ', true)).status).toBe(400);
  });

  it('stores a resent case once (same source, channel and externalId)', async () => {
    const first = await post('/api/cases', validCase({ externalId: 'app-778899', channel: 'citizen_app' }));
    const again = await post('/api/cases', validCase({ externalId: 'app-778899', channel: 'citizen_app' }));
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 200, body: { id: first.body.id, duplicate: true } });
    const both = await post('/api/cases', [validCase({ externalId: 'iot-1', channel: 'video_iot' }), validCase({ externalId: 'iot-1', channel: 'video_iot' })]);
    const ids = (both.body as BatchResponse).results.map((r) => ('id' in r ? r.id : null));
    expect(ids[0]).toBe(ids[1]);
  });

  it('keeps resends per source: another area\'s same externalId is a new case of its own, never the other\'s', async () => {
    const admin = await server.as('admin');
    const key = async (scope: string) => (await admin.post('/api/devices', { label: `感知平台 ${scope}`, scope, kind: 'machine' })).body.token as string;
    const jinshui = await key('410105');
    const erqi = await key('410103');
    const submit = (apiKey: string, body: unknown) => postJson(`${server.url}/api/cases`, body, { headers: { 'x-api-key': apiKey } });
    const mine = await submit(jinshui, validCase({ channel: 'video_iot', externalId: 'cam-0001' }));
    expect(mine.status).toBe(201);
    // 二七区's platform numbers its cameras too: its cam-0001 is its own case, in its own area.
    const theirs = await submit(erqi, validCase({ channel: 'video_iot', externalId: 'cam-0001', lon: ERQI[0], lat: ERQI[1] }));
    expect(theirs.status).toBe(201);
    expect(theirs.body.duplicate).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.body.case.area.district).toBe('410103');
    // Each resend answers the sender's own case; a batch resend too.
    expect(await submit(erqi, validCase({ channel: 'video_iot', externalId: 'cam-0001', lon: ERQI[0], lat: ERQI[1] }))).toMatchObject({ status: 200, body: { id: theirs.body.id, duplicate: true } });
    const batch = await submit(jinshui, [validCase({ channel: 'video_iot', externalId: 'cam-0001' }), validCase({ channel: 'video_iot', externalId: 'cam-0002' })]);
    expect(batch.body.results.map((r: { id: string }) => r.id)[0]).toBe(mine.body.id);
    expect(batch.body).toMatchObject({ accepted: 1, duplicates: 1 });
    // Both cases are stored, each where it happened.
    expect((await get(`/api/cases/${mine.body.id}`)).body.area.district).toBe('410105');
    expect((await get(`/api/cases/${theirs.body.id}`)).body.area.district).toBe('410103');
  });

  it('keeps Open311 resends per source too (service_request_id)', async () => {
    const admin = await server.as('admin');
    const key = async (scope: string) => (await admin.post('/api/devices', { label: `市民APP ${scope}`, scope, kind: 'machine' })).body.token as string;
    const [jinshui, erqi] = [await key('410105'), await key('410103')];
    const form = (apiKey: string, lon: number, lat: number) =>
      server.api.post('/open311/v2/requests.json', new URLSearchParams({ service_code: 'GY01', lat: String(lat), long: String(lon), service_request_id: 'app-42', api_key: apiKey }).toString(), { form: true });
    const first = await form(jinshui, 113.6713, 34.7835);
    const second = await form(erqi, ERQI[0], ERQI[1]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body[0].service_request_id).not.toBe(first.body[0].service_request_id);
    expect((await get(`/api/cases/${second.body[0].service_request_id}`)).body.area.district).toBe('410103');
    expect((await form(jinshui, 113.6713, 34.7835)).body[0].service_request_id).toBe(first.body[0].service_request_id);
  });

  it('never answers a resend with the sender\'s earlier case once that lies outside its area', async () => {
    const admin = await server.as('admin');
    const { username } = (await admin.post('/api/accounts', { username: 'hotline.bridge', name: '12345 接口', role: 'operator', scope: '410100', password: 'a long enough secret' })).body.account;
    const login = await server.auth.login(username, 'a long enough secret', null);
    if (!login.ok) throw new Error('sign-in failed');
    const bridge = { authorization: `Bearer ${login.token}` };
    const send = (body: unknown) => postJson(`${server.url}/api/cases`, body, { headers: bridge });
    const earlier = await send(validCase({ channel: 'hotline_12345', externalId: '12345-0009', lon: ERQI[0], lat: ERQI[1] }));
    expect(earlier.status).toBe(201);
    // The account now answers for 金水区 only; the same id again, now for a point in 金水区.
    await fetch(`${server.url}/api/accounts/${username}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...admin.headers }, body: JSON.stringify({ scope: '410105' }) });
    const resent = await send(validCase({ channel: 'hotline_12345', externalId: '12345-0009' }));
    expect(resent.status).toBe(400);
    expect(resent.body.error.field).toBe('externalId');
    expect(JSON.stringify(resent.body)).not.toContain(earlier.body.id);
  });

  it('filters by area at any level, status, category, urgency and time, with paging', async () => {
    const batch = Array.from({ length: 30 }, (_, i) => validCase({ urgency: i % 3 === 0 ? 'prominent' : 'normal', category: 'JM', subcategory: 'JM01', reportedAt: new Date(Date.now() - i * 60_000).toISOString() }));
    await post('/api/cases', batch);
    const district = (await get('/api/cases?area=410105&category=JM&limit=7')).body as CaseListResponse;
    expect(district.total).toBe(30);
    const seen = new Set(district.items.map((c) => c.id));
    let cursor = district.nextCursor;
    while (cursor) {
      const page = (await get(`/api/cases?area=410105&category=JM&limit=7&cursor=${cursor}`)).body as CaseListResponse;
      page.items.forEach((c) => seen.add(c.id));
      cursor = page.nextCursor;
    }
    expect(seen.size).toBe(30);
    const one = district.items[0]!;
    for (const code of [one.area.street, one.area.community, one.area.grid]) {
      const page = (await get(`/api/cases?area=${code}&category=JM`)).body as CaseListResponse;
      expect(page.items.every((c) => c.area.grid.startsWith(code))).toBe(true);
      expect(page.total).toBeGreaterThan(0);
    }
    expect(((await get('/api/cases?area=410105&category=JM&urgency=prominent')).body as CaseListResponse).total).toBe(10);
    const from = new Date(Date.now() - 9.5 * 60_000).toISOString();
    expect(((await get(`/api/cases?area=410105&category=JM&from=${from}`)).body as CaseListResponse).total).toBe(10);
    expect(((await get('/api/cases?area=410103&category=JM')).body as CaseListResponse).total).toBe(0);
  });

  it('finds a map point\'s case by its store seq, with the read right and area cut of GET /api/cases/:id', async () => {
    const c = (await post('/api/cases', validCase())).body.case as Case; // 金水区
    const [{ seq }] = (await server.store.sql.all<{ seq: number }>('SELECT seq FROM cases WHERE id = ?', [c.id])) as [{ seq: number }];
    const byId = await get(`/api/cases/${c.id}`);
    expect(byId.status).toBe(200);
    // The same answer, less the clock (milliseconds left, read at each request).
    const lessClock = (body: Record<string, unknown>) => ({ ...body, clock: null });
    const bySeq = await get(`/api/cases/by-seq/${seq}`);
    expect(bySeq.status).toBe(200);
    expect(lessClock(bySeq.body)).toEqual(lessClock(byId.body));
    const jinshui = await server.as('analyst', '410105');
    expect(lessClock((await jinshui.get(`/api/cases/by-seq/${seq}`)).body)).toEqual(lessClock((await jinshui.get(`/api/cases/${c.id}`)).body));
    // Another district's account: the answer a seq that was never given gets, less the number.
    const erqi = await server.as('analyst', '410103');
    const outside = await erqi.get(`/api/cases/by-seq/${seq}`);
    const missing = await erqi.get(`/api/cases/by-seq/${seq + 1_000_000}`);
    expect(outside.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(JSON.stringify(outside.body).replace(String(seq), 'N')).toBe(JSON.stringify(missing.body).replace(String(seq + 1_000_000), 'N'));
    expect(outside.body).toMatchObject({ error: { field: 'seq' } });
    // And GET /api/cases/:id refuses that account the same way.
    expect((await erqi.get(`/api/cases/${c.id}`)).status).toBe(404);
  });

  it('answers a malformed seq with 400 naming seq', async () => {
    for (const bad of ['abc', '-1', '1.5', '1e3', '4294967296', '12345678901', '%20']) {
      expect(await get(`/api/cases/by-seq/${bad}`), bad).toMatchObject({ status: 400, body: { error: { field: 'seq' } } });
    }
  });

  it('answers bad filters with 400/404 naming the parameter', async () => {
    expect(await get('/api/cases?status=lost')).toMatchObject({ status: 400, body: { error: { field: 'status' } } });
    expect(await get('/api/cases?area=4101')).toMatchObject({ status: 400, body: { error: { field: 'area' } } });
    expect(await get('/api/cases?area=410199')).toMatchObject({ status: 404, body: { error: { field: 'area' } } });
    expect(await get('/api/cases?limit=0')).toMatchObject({ status: 400, body: { error: { field: 'limit' } } });
    expect(await get('/api/cases?from=yesterday')).toMatchObject({ status: 400, body: { error: { field: 'from' } } });
    expect(await get('/api/cases?cursor=garbage')).toMatchObject({ status: 400, body: { error: { field: 'cursor' } } });
    expect(await get('/api/cases?colour=red')).toMatchObject({ status: 400 });
    expect(await get('/api/cases/NOTANID')).toMatchObject({ status: 400, body: { error: { field: 'id' } } });
    expect(await get('/api/cases/01ARZ3NDEKTSV4RRFFQ69G5FAV')).toMatchObject({ status: 404 });
  });
});
