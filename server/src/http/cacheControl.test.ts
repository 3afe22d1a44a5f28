import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validCase } from '../testing/caseInputs.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

describe('Cache-Control: no cache keeps case, personal or area data', () => {
  let server: TestServer;
  let caseId: string;
  let apiKey: string;

  beforeAll(async () => {
    server = await startTestServer({ scheduler: { every: () => () => {} } });
    caseId = (await server.api.post('/api/cases', validCase({ reporter: { name: '赵先生', phone: '13700001111' } }))).body.id;
    const admin = await server.as('admin');
    apiKey = (await admin.post('/api/devices', { label: 'app', scope: '410105', kind: 'machine' })).body.token;
  });
  afterAll(async () => server.close());

  const headerOf = async (path: string, init: RequestInit = {}, headers: Record<string, string> = server.api.headers) => {
    const res = await fetch(`${server.url}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });
    await res.arrayBuffer();
    return { status: res.status, cacheControl: res.headers.get('cache-control'), etag: res.headers.get('etag') };
  };

  it('answers every API and Open311 request with no-store, errors and sign-in included', async () => {
    const paths = [
      '/api/health',
      '/api/auth/me',
      '/api/cases',
      `/api/cases/${caseId}`,
      '/api/cases/export.csv',
      '/api/kpis',
      '/api/trend',
      '/api/assessment',
      '/api/staff?area=410105',
      '/api/areas/410105',
      '/api/resolve?lon=113.6713&lat=34.7835',
      '/api/audit',
      '/api/categories',
      '/api/nothing-here',
      '/api/cases?area=4101',
    ];
    for (const path of paths) expect((await headerOf(path)).cacheControl, path).toBe('no-store');
    expect((await headerOf('/api/cases', {}, {})).cacheControl, 'refused without a credential').toBe('no-store');
    const unmask = await headerOf(`/api/cases/${caseId}/unmask`, { method: 'POST' });
    expect(unmask).toMatchObject({ status: 200, cacheControl: 'no-store' });
    const login = await headerOf('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'nobody', password: 'x' }), headers: { 'content-type': 'application/json' } }, {});
    expect(login.cacheControl).toBe('no-store');
    for (const path of ['/open311/v2/requests.json', `/open311/v2/requests/${caseId}.json`, '/open311/v2/services.json']) {
      expect((await headerOf(`${path}?api_key=${apiKey}`, {}, {})).cacheControl, path).toBe('no-store');
    }
  });

  it('keeps geometry cut to the caller revalidated by ETag, never kept for another account', async () => {
    for (const path of ['/api/geo/overview.topo.json', '/api/geo/districts/410105.topo.json', '/api/areas/410105/grid-households']) {
      const first = await headerOf(path);
      expect(first, path).toMatchObject({ status: 200, cacheControl: 'private, no-cache' });
      expect(first.etag, path).toMatch(/^".+"$/);
      expect((await headerOf(path, { headers: { 'if-none-match': first.etag! } })).status, path).toBe(304);
    }
  });
});
