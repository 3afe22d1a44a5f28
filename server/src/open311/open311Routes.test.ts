import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson } from '../testing/http.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

describe('Open311 GeoReport v2', () => {
  let server: TestServer;
  let apiKey: string;
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  beforeAll(async () => {
    server = await startTestServer();
    // A citizen app is a machine source of the whole city with its own API key.
    const admin = await server.as('admin');
    apiKey = (await admin.post('/api/devices', { label: '郑好拍', scope: '410100', kind: 'machine' })).body.token;
  });
  afterAll(async () => server.close());

  it('lists our subcategories as services', async () => {
    const { status, body } = await server.api.get(`/open311/v2/services.json`);
    expect(status).toBe(200);
    expect(body).toContainEqual(expect.objectContaining({ service_code: 'GY01', service_name: '井盖缺失', group: '公用设施', type: 'realtime' }));
  });

  it('takes a form-encoded request and reports it back as open, with notes', async () => {
    const created = await postJson(
      `${server.url}/open311/v2/requests.json`,
      form({ service_code: 'GY01', lat: '34.7536', long: '113.6695', description: '二七广场东侧井盖缺失', first_name: '伟', last_name: '王', phone: '13912345678', api_key: apiKey }),
      { form: true },
    );
    expect(created.status).toBe(201);
    const id = created.body[0].service_request_id as string;
    const one = await server.api.get(`/open311/v2/requests/${id}.json`);
    expect(one.body[0]).toMatchObject({ service_request_id: id, status: 'open', service_code: 'GY01', lat: 34.7536, long: 113.6695 });
    expect(one.body[0].status_notes).toBeTruthy();
    expect(one.body[0].requested_datetime).toMatch(/\+08:00$/);
    // The SLA's closure deadline, projected from the report until the case is registered.
    expect(Date.parse(one.body[0].expected_datetime)).toBeGreaterThan(Date.parse(one.body[0].requested_datetime));
    await server.api.post(`/api/cases/${id}/actions`, { type: 'register' });
    const registered = (await server.api.get(`/api/cases/${id}`)).body;
    expect((await server.api.get(`/open311/v2/requests/${id}.json`)).body[0].expected_datetime).toBe(registered.deadline);
    const listed = await server.api.get(`/open311/v2/requests.json?service_code=GY01&status=open`);
    expect(listed.body.map((r: { service_request_id: string }) => r.service_request_id)).toContain(id);
    const byId = await server.api.get(`/open311/v2/requests.json?service_request_id=${id}`);
    expect(byId.body).toHaveLength(1);
  });

  it('answers errors as [{ code, description }]', async () => {
    const missing = await server.api.post(`/open311/v2/requests.json`, form({ lat: '34.75', long: '113.66' }), { form: true });
    expect(missing).toMatchObject({ status: 400, body: [{ code: 400, description: expect.stringContaining('service_code') }] });
    const unknown = await server.api.post(`/open311/v2/requests.json`, form({ service_code: 'ZZ99', lat: '34.75', long: '113.66' }), { form: true });
    expect(unknown.status).toBe(404);
    const outside = await server.api.post(`/open311/v2/requests.json`, form({ service_code: 'GY01', lat: '39.9', long: '116.4' }), { form: true });
    expect(outside).toMatchObject({ status: 400, body: [{ description: expect.stringContaining('outside the city') }] });
    const nan = await server.api.post(`/open311/v2/requests.json`, form({ service_code: 'GY01', lat: 'x', long: '113.66' }), { form: true });
    expect(nan.status).toBe(400);
    expect((await server.api.get(`/open311/v2/requests/01ARZ3NDEKTSV4RRFFQ69G5FAV.json`)).status).toBe(404);
    expect((await server.api.get(`/open311/v2/requests.json?status=pending`)).status).toBe(400);
  });

  it('needs an api_key, and cuts a source to its area', async () => {
    const anonymous = await postJson(`${server.url}/open311/v2/requests.json`, form({ service_code: 'GY01', lat: '34.7536', long: '113.6695' }), { form: true });
    expect(anonymous).toMatchObject({ status: 401, body: [{ code: 401, description: expect.stringContaining('api_key') }] });
    expect((await getJson(`${server.url}/open311/v2/requests.json?api_key=${'x'.repeat(43)}`)).status).toBe(401);
    const admin = await server.as('admin');
    const jinshui = (await admin.post('/api/devices', { label: '金水区感知平台', scope: '410105', kind: 'machine' })).body.token as string;
    // 二七广场 lies in 二七区 (410103): outside 金水区's key.
    const outside = await postJson(`${server.url}/open311/v2/requests.json`, form({ service_code: 'GY01', lat: '34.7536', long: '113.6695', api_key: jinshui }), { form: true });
    expect(outside).toMatchObject({ status: 400, body: [{ description: expect.stringContaining('outside your area') }] });
    const all = (await getJson(`${server.url}/open311/v2/requests.json?api_key=${apiKey}`)).body as { service_request_id: string }[];
    const mine = (await getJson(`${server.url}/open311/v2/requests.json?api_key=${jinshui}`)).body as { service_request_id: string }[];
    expect(all.length).toBeGreaterThan(0);
    expect(mine).toHaveLength(0);
    expect((await getJson(`${server.url}/open311/v2/requests/${all[0]!.service_request_id}.json?api_key=${jinshui}`)).status).toBe(404);
  });
});
