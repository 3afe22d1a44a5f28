import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatShanghai } from '../store/caseRow.js';
import { validCase } from '../testing/caseInputs.js';
import { postJson, type ApiClient } from '../testing/http.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

/** The message of a refused single case, and the field it names. */
const refusal = (answer: { status: number; body: { error: { field?: string; message: string } } }) => ({ status: answer.status, field: answer.body.error.field, message: answer.body.error.message });

describe('error messages name the fault: too long, out of range, missing, not a number', () => {
  let server: TestServer;
  const now = Date.parse('2026-11-23T09:00:00+08:00');
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  let analyst: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ clock: { now: () => now }, scheduler: { every: () => () => {} } });
    analyst = await server.as('analyst', '410105');
  });
  afterAll(async () => server.close());

  it('says a description is too long, not that it is missing', async () => {
    const long = refusal(await server.api.post('/api/cases', validCase({ description: '长'.repeat(2001) })));
    expect(long).toEqual({ status: 400, field: 'description', message: 'description: must be at most 2,000 characters' });
    expect(refusal(await server.api.post('/api/cases', validCase({ description: undefined })))).toMatchObject({ field: 'description', message: 'description: is required' });
    expect(refusal(await server.api.post('/api/cases', validCase({ description: 42 as unknown as string })))).toMatchObject({ field: 'description', message: 'description: must be text' });
    expect((await server.api.post('/api/cases', validCase({ description: '长'.repeat(2000) }))).status).toBe(201);
  });

  it('says a coordinate is out of range, not that it is not a number', async () => {
    expect(refusal(await server.api.post('/api/cases', validCase({ lat: 91 })))).toEqual({ status: 400, field: 'lat', message: 'lat: must be between -90 and 90 (degrees, GCJ-02)' });
    expect(refusal(await server.api.post('/api/cases', validCase({ lon: -181 })))).toEqual({ status: 400, field: 'lon', message: 'lon: must be between -180 and 180 (degrees, GCJ-02)' });
    expect(refusal(await server.api.post('/api/cases', validCase({ lat: '34.7' as unknown as number })))).toMatchObject({ field: 'lat', message: 'lat: must be a number (degrees, GCJ-02)' });
  });

  it('bounds reportedAt: not before 2000-01-01, not more than 5 minutes ahead of the server clock', async () => {
    for (const reportedAt of ['0001-01-01T00:00:00+08:00', '1999-12-31T23:59:59+08:00']) {
      expect(refusal(await server.api.post('/api/cases', validCase({ reportedAt }))), reportedAt).toEqual({ status: 400, field: 'reportedAt', message: 'reportedAt: must not be before 2000-01-01' });
    }
    const ahead = formatShanghai(now + 10 * 60_000);
    expect(refusal(await server.api.post('/api/cases', validCase({ reportedAt: ahead })))).toEqual({ status: 400, field: 'reportedAt', message: 'reportedAt: lies in the future (more than 5 minutes ahead of the server clock)' });
    for (const reportedAt of ['2000-01-01T00:00:00+08:00', formatShanghai(now + 4 * 60_000)]) {
      const stored = await server.api.post('/api/cases', validCase({ reportedAt }));
      expect(stored.status, reportedAt).toBe(201);
      expect(Date.parse(stored.body.case.times.reported), reportedAt).toBe(Date.parse(reportedAt));
    }
    // In a batch the item is refused and the rest kept.
    const batch = await server.api.post('/api/cases', [validCase({ reportedAt: '0001-01-01T00:00:00+08:00' }), validCase()]);
    expect(batch.status).toBe(207);
    expect(batch.body.results[0].errors).toEqual([{ field: 'reportedAt', message: 'must not be before 2000-01-01' }]);
  });

  it('says a limit or a password is too large, not that it is not a number or missing', async () => {
    expect(await server.api.get('/api/cases?limit=501')).toMatchObject({ status: 400, body: { error: { field: 'limit', message: 'limit must be at most 500' } } });
    expect(await server.api.get('/api/cases?limit=0')).toMatchObject({ status: 400, body: { error: { field: 'limit', message: 'limit must be at least 1' } } });
    expect(await server.api.get('/api/cases?limit=many')).toMatchObject({ status: 400, body: { error: { field: 'limit', message: 'limit must be a number' } } });
    const login = (body: unknown) => postJson(`${server.url}/api/auth/login`, body);
    expect(await login({ username: 'someone', password: 'p'.repeat(257) })).toMatchObject({ status: 400, body: { error: { field: 'password', message: 'password: must be at most 256 characters' } } });
    expect(await login({ username: 'u'.repeat(65), password: 'x' })).toMatchObject({ status: 400, body: { error: { field: 'username', message: 'username: must be at most 64 characters' } } });
    expect(await login({ username: 'someone' })).toMatchObject({ status: 400, body: { error: { field: 'password', message: 'password: is required' } } });
  });

  it('says a handling note is too long, not that it is missing', async () => {
    const id = (await server.api.post('/api/cases', validCase())).body.id;
    const answer = await server.api.post(`/api/cases/${id}/actions`, { type: 'handle', note: 'n'.repeat(501) });
    expect(answer).toMatchObject({ status: 400, body: { error: { field: 'note' } } });
    expect(answer.body.error.message).toMatch(/at most 500 characters/);
  });

  it('reads Open311 coordinates from forms and JSON alike, and never reads a blank one as 0', async () => {
    const open311 = (body: string | Record<string, unknown>) =>
      typeof body === 'string' ? server.api.post('/open311/v2/requests.json', body, { form: true }) : server.api.post('/open311/v2/requests.json', body);
    const json = await open311({ service_code: 'GY01', lat: 34.7835, long: 113.6713, description: '井盖缺失' });
    expect(json.status).toBe(201);
    const stored = (await server.api.get(`/api/cases/${json.body[0].service_request_id}`)).body;
    expect([stored.lon, stored.lat]).toEqual([113.6713, 34.7835]);
    expect(await open311(form({ service_code: 'GY01', lat: '', long: '113.6713' }))).toMatchObject({ status: 400, body: [{ description: 'lat is required (degrees, GCJ-02)' }] });
    expect(await open311({ service_code: 'GY01', lat: 34.7835 })).toMatchObject({ status: 400, body: [{ description: 'long is required (degrees, GCJ-02)' }] });
    expect(await open311(form({ service_code: 'GY01', lat: 'north', long: '113.6713' }))).toMatchObject({ status: 400, body: [{ description: 'lat must be a number (degrees, GCJ-02)' }] });
    expect(await open311({ service_code: 'GY01', lat: 91, long: 113.6713 })).toMatchObject({ status: 400, body: [{ description: 'lat: must be between -90 and 90 (degrees, GCJ-02)' }] });
    expect(await open311({ service_code: 'GY01', lat: 34.7835, long: 113.6713, description: '长'.repeat(2001) })).toMatchObject({ status: 400, body: [{ description: 'description: must be at most 2,000 characters' }] });
  });

  it('names an account\'s role with the right article', async () => {
    expect(await analyst.post('/api/cases', validCase())).toMatchObject({ status: 403, body: { error: { message: 'an analyst account may not ingest' } } });
    expect(await analyst.get('/api/audit')).toMatchObject({ status: 403, body: { error: { message: 'an analyst account may not read the audit log' } } });
    const worker = await server.as('grid_worker', '410105001003001');
    expect((await worker.get('/api/cases/export.csv')).body.error.message).toBe('a grid_worker account may not export');
  });
});
