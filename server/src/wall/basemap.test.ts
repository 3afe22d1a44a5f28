import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson } from '../testing/http.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { basemapOf } from './basemap.js';

/** The policy the wall has always run under, with no basemap set: it must not change. */
const OFFLINE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join(';');

const directive = (csp: string, name: string): string[] =>
  csp
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([n]) => n === name)
    ?.slice(1) ?? [];

describe('the basemap setting: Content-Security-Policy and GET /api/wall-config', () => {
  let offline: TestServer;
  let lan: TestServer;

  beforeAll(async () => {
    offline = await startTestServer();
    lan = await startTestServer({ basemap: basemapOf('http://tiles.lan:8081/styles/dark.json', ['http://glyphs.lan']) });
  });
  afterAll(async () => {
    await offline?.close();
    await lan?.close();
  });

  it('leaves the policy exactly as it was when unset, and tells the wall to stay offline', async () => {
    const res = await fetch(`${offline.url}/api/health`);
    expect(res.headers.get('content-security-policy')).toBe(OFFLINE_CSP);
    const config = await offline.api.get('/api/wall-config');
    expect(config).toEqual({ status: 200, body: { basemap: null } });
  });

  it('admits the style origin and the listed origins to connect-src and img-src, nothing else', async () => {
    const csp = (await fetch(`${lan.url}/wall`)).headers.get('content-security-policy')!;
    expect(directive(csp, 'connect-src')).toEqual(["'self'", 'http://tiles.lan:8081', 'http://glyphs.lan']);
    expect(directive(csp, 'img-src')).toEqual(["'self'", 'data:', 'blob:', 'http://tiles.lan:8081', 'http://glyphs.lan']);
    // Every other directive is the offline one: no remote scripts, workers, styles or frames.
    const others = (policy: string) => policy.split(';').filter((d) => !/^(connect|img)-src /.test(d));
    expect(others(csp)).toEqual(others(OFFLINE_CSP));
  });

  it('gives the style URL to a signed-in wall device, and nothing without a credential', async () => {
    const { token } = await lan.auth.createDevice({ label: '测试大屏', scope: lan.model.cityCode, kind: 'display' }, null);
    expect(await getJson(`${lan.url}/api/wall-config`, { authorization: `Bearer ${token}` })).toEqual({
      status: 200,
      body: { basemap: { style: 'http://tiles.lan:8081/styles/dark.json' } },
    });
    expect((await getJson(`${lan.url}/api/wall-config`)).status).toBe(401);
  });
});
