import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server.js';
import { getJson, postJson } from '../testing/http.js';
import { startTestServer } from '../testing/testServer.js';

describe('Open311 GeoReport v2', () => {
  let server: RunningServer;
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('lists our subcategories as services', async () => {
    const { status, body } = await getJson(`${server.url}/open311/v2/services.json`);
    expect(status).toBe(200);
    expect(body).toContainEqual(expect.objectContaining({ service_code: 'GY01', service_name: '井盖缺失', group: '公用设施', type: 'realtime' }));
  });

  it('takes a form-encoded request and reports it back as open, with notes', async () => {
    const created = await postJson(
      `${server.url}/open311/v2/requests.json`,
      form({ service_code: 'GY01', lat: '34.7536', long: '113.6695', description: '二七广场东侧井盖缺失', first_name: '伟', last_name: '王', phone: '13912345678', api_key: 'demo' }),
      { form: true },
    );
    expect(created.status).toBe(201);
    const id = created.body[0].service_request_id as string;
    const one = await getJson(`${server.url}/open311/v2/requests/${id}.json`);
    expect(one.body[0]).toMatchObject({ service_request_id: id, status: 'open', service_code: 'GY01', lat: 34.7536, long: 113.6695 });
    expect(one.body[0].status_notes).toBeTruthy();
    expect(one.body[0].requested_datetime).toMatch(/\+08:00$/);
    const listed = await getJson(`${server.url}/open311/v2/requests.json?service_code=GY01&status=open`);
    expect(listed.body.map((r: { service_request_id: string }) => r.service_request_id)).toContain(id);
    const byId = await getJson(`${server.url}/open311/v2/requests.json?service_request_id=${id}`);
    expect(byId.body).toHaveLength(1);
  });

  it('answers errors as [{ code, description }]', async () => {
    const missing = await postJson(`${server.url}/open311/v2/requests.json`, form({ lat: '34.75', long: '113.66' }), { form: true });
    expect(missing).toMatchObject({ status: 400, body: [{ code: 400, description: expect.stringContaining('service_code') }] });
    const unknown = await postJson(`${server.url}/open311/v2/requests.json`, form({ service_code: 'ZZ99', lat: '34.75', long: '113.66' }), { form: true });
    expect(unknown.status).toBe(404);
    const outside = await postJson(`${server.url}/open311/v2/requests.json`, form({ service_code: 'GY01', lat: '39.9', long: '116.4' }), { form: true });
    expect(outside).toMatchObject({ status: 400, body: [{ description: expect.stringContaining('outside the city') }] });
    const nan = await postJson(`${server.url}/open311/v2/requests.json`, form({ service_code: 'GY01', lat: 'x', long: '113.66' }), { form: true });
    expect(nan.status).toBe(400);
    expect((await getJson(`${server.url}/open311/v2/requests/01ARZ3NDEKTSV4RRFFQ69G5FAV.json`)).status).toBe(404);
    expect((await getJson(`${server.url}/open311/v2/requests.json?status=pending`)).status).toBe(400);
  });
});
