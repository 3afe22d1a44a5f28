import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type SubscribeReply } from '../../../shared/src/live/events.js';
import type { ResolveResponse } from '../../../shared/src/api/areas.js';
import type { ApiClient, Json } from '../testing/http.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

const JINSHUI = '410105';
// Another district that exists, and codes of areas that do not (a district, a street of another
// district, a street of 金水区).
const ERQI = '410103';
const NO_DISTRICT = '410199';
const NO_FOREIGN_STREET = '410103999';
const NO_OWN_STREET = '410105999';
// A point of 花园路 (金水区) and one in the old town south of it (another district)
const IN_POINT = { lon: 113.6713, lat: 34.7835 };
const OUT_POINT = { lon: 113.6695, lat: 34.7536 };

async function subscribe(url: string, token: string, area: string): Promise<SubscribeReply> {
  const socket: Socket = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    return await new Promise((resolve, reject) => {
      socket.once('connect_error', reject);
      socket.once('connect', () => socket.emit('area:subscribe', { v: PROTOCOL_VERSION, area }, resolve));
    });
  } finally {
    socket.close();
  }
}

/** Ids of a TopoJSON object's geometries. */
const ids = (topo: Json, object: string): string[] => topo.objects[object].geometries.map((g: { id: string }) => g.id);

describe('areas outside one\'s own: one answer whether they exist or not, nothing widened', () => {
  let server: TestServer;
  let grid: string;
  let operator: ApiClient;
  let worker: ApiClient;
  let admin: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ scheduler: { every: () => () => {} } });
    grid = (await server.api.get(`/api/resolve?lon=${IN_POINT.lon}&lat=${IN_POINT.lat}`)).body.chain.grid.code;
    operator = await server.as('operator', JINSHUI);
    worker = await server.as('grid_worker', grid);
    admin = await server.as('admin', JINSHUI);
  });
  afterAll(async () => server.close());

  it('answers every route that takes an area with the same 403 for a foreign area that exists and one that does not', async () => {
    const routes: Array<(code: string) => string> = [
      (code) => `/api/kpis?area=${code}`,
      (code) => `/api/trend?area=${code}`,
      (code) => `/api/staff?area=${code}`,
      (code) => `/api/cases?area=${code}`,
      (code) => `/api/cases/export.csv?area=${code}`,
      (code) => `/api/assessment?level=street&area=${code}`,
      (code) => `/api/areas/${code}`,
      (code) => `/api/areas/${code}/grid-households`,
    ];
    for (const route of routes) {
      const answers = [];
      for (const code of [ERQI, NO_DISTRICT, NO_FOREIGN_STREET]) {
        const { status, body } = await operator.get(route(code));
        expect(status, route(code)).toBe(403);
        expect(body.error.message, route(code)).toBe(`area ${code} lies outside your area ${JINSHUI}`);
        answers.push({ status, field: body.error.field });
      }
      expect(answers[1], route(NO_DISTRICT)).toEqual(answers[0]);
      expect(answers[2], route(NO_FOREIGN_STREET)).toEqual(answers[0]);
      // Inside one's own area, a code that does not exist is simply not found.
      expect((await operator.get(route(NO_OWN_STREET))).status, route(NO_OWN_STREET)).toBe(404);
    }
    for (const code of [ERQI, NO_DISTRICT]) {
      expect(await operator.get(`/api/geo/districts/${code}.topo.json`), code).toMatchObject({ status: 403, body: { error: { message: `area ${code} lies outside your area ${JINSHUI}` } } });
      expect(await subscribe(server.url, operator.token, code), code).toEqual({ ok: false, code: 'forbidden', message: `area ${code} lies outside your area ${JINSHUI}` });
    }
    // Administrators: granting an account or a device over a foreign area, existing or not.
    for (const scope of [ERQI, NO_DISTRICT]) {
      const account = await admin.post('/api/accounts', { username: `x.${scope}`, name: 'x', role: 'analyst', scope, password: 'a long enough secret' });
      expect(account, scope).toMatchObject({ status: 403, body: { error: { field: 'scope', message: `scope: ${scope} lies outside your area ${JINSHUI}` } } });
      const device = await admin.post('/api/devices', { label: 'x', scope, kind: 'display' });
      expect(device, scope).toMatchObject({ status: 403, body: { error: { field: 'scope' } } });
    }
  });

  it('resolves only points inside the caller\'s area, naming nothing outside it', async () => {
    const own = await worker.get(`/api/resolve?lon=${IN_POINT.lon}&lat=${IN_POINT.lat}`);
    expect(own.status).toBe(200);
    expect((own.body as ResolveResponse).chain.grid.code).toBe(grid);
    // The city answers every point in it; the district and the cell answer nothing of another district.
    const foreignChain = (await server.api.get(`/api/resolve?lon=${OUT_POINT.lon}&lat=${OUT_POINT.lat}`)).body.chain;
    expect(foreignChain.district.code).not.toBe(JINSHUI);
    for (const client of [worker, operator]) {
      const foreign = await client.get(`/api/resolve?lon=${OUT_POINT.lon}&lat=${OUT_POINT.lat}`);
      expect(foreign).toMatchObject({ status: 403, body: { error: { field: 'lon' } } });
      const text = JSON.stringify(foreign.body);
      for (const node of Object.values(foreignChain) as Json[]) if (node.level !== 'city') expect(text).not.toContain(node.code);
      expect(text).not.toMatch(new RegExp(`${foreignChain.district.name}|${foreignChain.grid.name}|households|chain`));
    }
    // A point of 金水区 outside the worker's own cell is refused the same way.
    const neighbour = server.model.nodesAt('grid').find((n) => n.code.startsWith(JINSHUI) && n.code !== grid)!;
    const [lon, lat] = server.model.node(neighbour.code)!.centroid;
    const resolved = await server.api.get(`/api/resolve?lon=${lon}&lat=${lat}`);
    expect(resolved.body.chain.grid.code).not.toBe(grid);
    expect((await worker.get(`/api/resolve?lon=${lon}&lat=${lat}`)).status).toBe(403);
    expect((await operator.get(`/api/resolve?lon=${lon}&lat=${lat}`)).status).toBe(200);
  });

  it('cuts a district\'s geometry file to the caller\'s area', async () => {
    const file = `/api/geo/districts/${JINSHUI}.topo.json`;
    const full = (await operator.get(file)).body;
    const allCells = ids(full, 'grids');
    expect(allCells.length).toBeGreaterThan(1000);

    // A grid worker: the own cell and its community's outline, nothing else.
    const cell = (await worker.get(file)).body;
    expect(ids(cell, 'grids')).toEqual([grid]);
    expect(ids(cell, 'communities')).toEqual([grid.slice(0, 12)]);
    expect(cell.transform).toEqual(full.transform);
    expect(cell.arcs.length).toBeLessThan(full.arcs.length / 50);
    const used = new Set<number>();
    const walk = (v: unknown): void => (typeof v === 'number' ? void used.add(v < 0 ? ~v : v) : Array.isArray(v) ? v.forEach(walk) : undefined);
    for (const o of Object.values(cell.objects) as { geometries: { arcs: unknown }[] }[]) for (const g of o.geometries) walk(g.arcs);
    expect(used.size).toBe(cell.arcs.length); // every arc kept is used, every index in range
    expect(Math.max(...used)).toBe(cell.arcs.length - 1);

    // A street account: its street's communities and cells.
    const streetCode = grid.slice(0, 9);
    const street = (await (await server.as('analyst', streetCode)).get(file)).body;
    const streetCells = ids(street, 'grids');
    expect(streetCells.length).toBeGreaterThan(5);
    expect(streetCells).toEqual(allCells.filter((c) => c.startsWith(streetCode)));
    expect(ids(street, 'communities')).toEqual(ids(full, 'communities').filter((c) => c.startsWith(streetCode)));

    // A community account: its outline and its cells.
    const communityCode = grid.slice(0, 12);
    const community = (await (await server.as('analyst', communityCode)).get(file)).body;
    expect(ids(community, 'communities')).toEqual([communityCode]);
    expect(ids(community, 'grids')).toEqual(allCells.filter((c) => c.startsWith(communityCode)));

    // The district's own accounts and the city get the whole file.
    expect(ids((await server.api.get(file)).body, 'grids')).toEqual(allCells);
  });
});
