import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { AreaDetail, AreasSummary, GridHouseholds, ResolveResponse } from '../../../shared/src/api/areas.js';
import { getJson } from '../testing/http.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { scopedPart } from './areaRoutes.js';

describe('area API (real server on port 0)', () => {
  let server: TestServer;
  const get = (path: string, headers: Record<string, string> = {}) => getJson(server.url + path, { ...server.api.headers, ...headers });

  /** Raw bytes as sent (fetch would decompress them). */
  const getRaw = (path: string, headers: Record<string, string>) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: Buffer }>((resolve, reject) => {
      const req = request(server.url + path, { headers: { ...server.api.headers, ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers health', async () => {
    expect(await get('/api/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('summarises the hierarchy with counts per level and the datum', async () => {
    const { status, body } = await get('/api/areas');
    const summary = body as AreasSummary;
    expect(status).toBe(200);
    expect(summary.datum).toBe('GCJ-02');
    expect(summary.counts).toMatchObject({ city: 1, district: 15, street: 208, community: 3306, building: 'on request' });
    expect(summary.counts.grid).toBeGreaterThanOrEqual(15_000);
    expect(Object.keys(summary.geometry.districts)).toHaveLength(15);
  });

  it('returns one node with its ancestors and children', async () => {
    const { body } = await get('/api/areas/410105');
    const detail = body as AreaDetail;
    expect(detail.node).toMatchObject({ code: '410105', name: '金水区', level: 'district', parent: '410100' });
    expect(detail.ancestors.map((a) => a.code)).toEqual(['410100']);
    expect(detail.children).toHaveLength(24);
    expect(detail.children.every((c) => c.level === 'street' && c.parent === '410105')).toBe(true);
  });

  it('generates the buildings of a grid cell on request, the same every time', async () => {
    const street = (await get('/api/areas/410105001')).body as AreaDetail;
    const community = street.children[0]!;
    const grid = ((await get(`/api/areas/${community.code}`)).body as AreaDetail).children[0]!;
    const first = (await get(`/api/areas/${grid.code}`)).body as AreaDetail;
    const again = (await get(`/api/areas/${grid.code}`)).body as AreaDetail;
    expect(first.children.length).toBeGreaterThan(0);
    expect(first.children).toEqual(again.children);
    const building = first.children[0]!;
    expect(building).toMatchObject({ level: 'building', parent: grid.code, code: `${grid.code}001` });
    expect(first.children.reduce((s, b) => s + b.households, 0)).toBe(grid.households);
    const alone = (await get(`/api/areas/${building.code}`)).body as AreaDetail;
    expect(alone.node).toEqual(building);
    expect(alone.ancestors.map((a) => a.level)).toEqual(['city', 'district', 'street', 'community', 'grid']);
  });

  it('rejects malformed codes with 400 and unknown ones with 404, naming the code', async () => {
    expect(await get('/api/areas/41010')).toMatchObject({ status: 400, body: { error: { field: 'code' } } });
    expect(await get('/api/areas/4101a5')).toMatchObject({ status: 400 });
    const unknown = await get('/api/areas/410199');
    expect(unknown.status).toBe(404);
    expect((unknown.body as { error: { message: string } }).error.message).toContain('410199');
    expect(await get('/api/areas/410105999999')).toMatchObject({ status: 404 });
    expect(await get('/api/areas/410105001003001999')).toMatchObject({ status: 404 });
  });

  it('resolves a coordinate to the full chain', async () => {
    const { status, body } = await get('/api/resolve?lon=113.6695&lat=34.7536');
    const r = body as ResolveResponse;
    expect(status).toBe(200);
    expect(r.chain.city.code).toBe('410100');
    expect(r.chain.grid.code.startsWith(r.chain.community.code)).toBe(true);
    expect(r.chain.community.code.startsWith(r.chain.street.code)).toBe(true);
    expect(r.chain.street.code.startsWith(r.chain.district.code)).toBe(true);
  });

  it('refuses coordinates outside the city, NaN or out of range, naming the field', async () => {
    expect(await get('/api/resolve?lon=116.4&lat=39.9')).toMatchObject({ status: 422, body: { error: { message: expect.stringContaining('outside the city') } } });
    expect(await get('/api/resolve?lon=NaN&lat=34.7')).toMatchObject({ status: 400, body: { error: { field: 'lon' } } });
    expect(await get('/api/resolve?lon=113.6&lat=91')).toMatchObject({ status: 400, body: { error: { field: 'lat' } } });
    expect(await get('/api/resolve?lon=113.6')).toMatchObject({ status: 400, body: { error: { field: 'lat' } } });
  });

  it('serves geometry compressed, within 3 MB gzipped for the whole city, with revalidation', async () => {
    const summary = (await get('/api/areas')).body as AreasSummary;
    let total = 0;
    for (const path of [summary.geometry.overview, ...Object.values(summary.geometry.districts)]) {
      const res = await getRaw(path, { 'accept-encoding': 'gzip' });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe('gzip');
      total += res.bytes.length;
      const topo = JSON.parse(gunzipSync(res.bytes).toString('utf8'));
      expect(topo.type).toBe('Topology');
      expect((await get(path, { 'if-none-match': String(res.headers.etag) })).status).toBe(304);
    }
    expect(total).toBeLessThan(3 * 1024 * 1024);
    const overview = JSON.parse((await getRaw(summary.geometry.overview, {})).bytes.toString('utf8'));
    expect(Object.keys(overview.objects)).toEqual(['city', 'districts', 'streets']);
    const district = JSON.parse((await getRaw(summary.geometry.districts['410105']!, {})).bytes.toString('utf8'));
    expect(Object.keys(district.objects)).toEqual(['communities', 'grids']);
    expect(district.transform).toEqual(overview.transform);
    expect(await get('/api/geo/districts/410199.topo.json')).toMatchObject({ status: 404 });
    expect(await get('/api/geo/districts/..%2Fcity.json')).toMatchObject({ status: 400 });
  });

  it('lists the households of a district\'s grid cells, compressed, with revalidation', async () => {
    const { status, body } = await get('/api/areas/410105/grid-households');
    const listed = body as GridHouseholds;
    expect(status).toBe(200);
    expect(listed.area).toBe('410105');
    const cells = server.model.nodesAt('grid').filter((n) => n.code.startsWith('410105'));
    expect(Object.keys(listed.households)).toHaveLength(cells.length);
    for (const cell of cells) expect(listed.households[cell.code]).toBe(cell.households);
    const district = ((await get('/api/areas/410105')).body as AreaDetail).node;
    expect(Object.values(listed.households).reduce((s, h) => s + h, 0)).toBe(district.households);
    const raw = await getRaw('/api/areas/410105/grid-households', { 'accept-encoding': 'gzip' });
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(raw.bytes.length).toBeLessThan(10_000); // ≈ 1,800 cells: small beside the district's geometry
    expect(JSON.parse(gunzipSync(raw.bytes).toString('utf8'))).toEqual(listed);
    expect((await get('/api/areas/410105/grid-households', { 'if-none-match': String(raw.headers.etag) })).status).toBe(304);
  });

  it('refuses grid households for a building, a malformed or unknown code', async () => {
    const grid = server.model.nodesAt('grid')[0]!;
    expect((await get(`/api/areas/${grid.code}/grid-households`)).body).toEqual({ area: grid.code, households: { [grid.code]: grid.households } });
    expect(await get(`/api/areas/${grid.code}001/grid-households`)).toMatchObject({ status: 400, body: { error: { field: 'code' } } });
    expect(await get('/api/areas/4101a5/grid-households')).toMatchObject({ status: 400, body: { error: { field: 'code' } } });
    expect(await get('/api/areas/410199/grid-households')).toMatchObject({ status: 404, body: { error: { message: expect.stringContaining('410199') } } });
  });

  it('cuts grid households to the caller\'s area', async () => {
    const street = await server.as('analyst', '410105001');
    const own = await getJson(`${server.url}/api/areas/410105/grid-households`, street.headers);
    expect(own.status).toBe(200);
    const listed = own.body as GridHouseholds;
    expect(listed.area).toBe('410105001');
    const cells = Object.keys(listed.households);
    expect(cells.length).toBeGreaterThan(10);
    expect(cells.every((c) => c.startsWith('410105001'))).toBe(true);
    expect(await getJson(`${server.url}/api/areas/410102/grid-households`, street.headers)).toMatchObject({ status: 403, body: { error: { field: 'code' } } });
    expect((await getJson(`${server.url}/api/areas/410105002/grid-households`, street.headers)).status).toBe(403);
    expect((await getJson(`${server.url}/api/areas/410105/grid-households`)).status).toBe(401);
  });

  it('gives a grid cell\'s buildings to its own grid worker only', async () => {
    const [own, other] = server.model.children(server.model.children('410105001')[0]!.code);
    const worker = await server.as('grid_worker', own!.code);
    const mine = await getJson(`${server.url}/api/areas/${own!.code}`, worker.headers);
    expect(mine.status).toBe(200);
    const buildings = (mine.body as AreaDetail).children;
    expect(buildings.length).toBeGreaterThan(0);
    expect(buildings.every((b) => b.level === 'building' && b.parent === own!.code)).toBe(true);
    expect((await getJson(`${server.url}/api/areas/${buildings[0]!.code}`, worker.headers)).status).toBe(200);
    // The neighbouring cell, one of its buildings, and the community above: refused, naming the code.
    for (const code of [other!.code, `${other!.code}001`, own!.parent!]) {
      expect(await getJson(`${server.url}/api/areas/${code}`, worker.headers)).toMatchObject({ status: 403, body: { error: { field: 'code' } } });
    }
  });

  it('finds where an area and a scope overlap', () => {
    expect(scopedPart('410105001', '410105', '410100')).toBe('410105001');
    expect(scopedPart('410105', '410105001', '410100')).toBe('410105001');
    expect(scopedPart('410105', '410100', '410100')).toBe('410105');
    expect(scopedPart('410100', '410105', '410100')).toBe('410105');
    expect(scopedPart('410102', '410105001', '410100')).toBeNull();
  });

  it('answers unknown endpoints with a JSON 404', async () => {
    expect(await get('/api/nothing-here')).toMatchObject({ status: 404, body: { error: { status: 404 } } });
  });

  it('cuts areas and district geometry to the caller\'s area', async () => {
    const local = await server.as('analyst', '410105001');
    expect((await getJson(`${server.url}/api/areas/410105001`, local.headers)).status).toBe(200);
    expect((await getJson(`${server.url}/api/areas/410102`, local.headers)).status).toBe(403);
    expect((await getJson(`${server.url}/api/areas/410100`, local.headers)).status).toBe(403);
    const summary = (await getJson(`${server.url}/api/areas`, local.headers)).body as AreasSummary;
    expect(Object.keys(summary.geometry.districts)).toEqual(['410105']);
    expect((await getJson(`${server.url}/api/geo/districts/410105.topo.json`, local.headers)).status).toBe(200);
    expect((await getJson(`${server.url}/api/geo/districts/410102.topo.json`, local.headers)).status).toBe(403);
    // The overview carries the city outline, the own district and the own street only.
    const overview = (await getJson(`${server.url}/api/geo/overview.topo.json`, local.headers)).body;
    expect(overview.objects.districts.geometries.map((g: { id: string }) => g.id)).toEqual(['410105']);
    expect(overview.objects.streets.geometries.map((g: { id: string }) => g.id)).toEqual(['410105001']);
    expect(overview.objects.city.geometries).toHaveLength(1);
    const full = (await getJson(`${server.url}/api/geo/overview.topo.json`, server.api.headers)).body;
    expect(overview.arcs.length).toBeLessThan(full.arcs.length / 5);
    const arcCount = overview.arcs.length;
    const used = new Set<number>();
    const walk = (v: unknown): void => (typeof v === 'number' ? void used.add(v < 0 ? ~v : v) : Array.isArray(v) ? v.forEach(walk) : undefined);
    for (const o of Object.values(overview.objects) as { geometries: { arcs: unknown }[] }[]) for (const g of o.geometries) walk(g.arcs);
    expect(used.size).toBe(arcCount); // every arc kept is used, every index is in range
    expect(Math.max(...used)).toBe(arcCount - 1);
    const districtAnalyst = await server.as('analyst', '410105');
    const districtView = (await getJson(`${server.url}/api/geo/overview.topo.json`, districtAnalyst.headers)).body;
    expect(districtView.objects.streets.geometries.every((g: { id: string }) => g.id.startsWith('410105'))).toBe(true);
    expect(districtView.objects.streets.geometries.length).toBeGreaterThan(5);
    expect((await getJson(`${server.url}/api/areas`)).status).toBe(401);
  });
});
