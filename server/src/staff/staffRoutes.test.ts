import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import type { Roster } from '../../../shared/src/staff/roster.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import type { StaffResponse } from './staffRoutes.js';

/** Wednesday 2026-11-25 10:00 in Beijing. */
const NOW = Date.parse('2026-11-25T10:00:00+08:00');

describe('GET /api/staff (real server on port 0)', () => {
  let model: CityModel;
  let roster: Roster;
  let server: TestServer;
  const get = async (query: string) => server.api.get(`/api/staff${query}`);

  beforeAll(async () => {
    server = await startTestServer({ clock: { now: () => NOW }, scheduler: { every: () => () => {} } });
    ({ model, roster } = server);
  });
  afterAll(async () => server.close());

  it('answers only within the caller\'s area: 403 outside it, its own area by default', async () => {
    const [first, second] = model.children(model.cityCode);
    const local = await server.as('analyst', first!.code);
    expect((await local.get(`/api/staff?area=${second!.code}`)).status).toBe(403);
    const own = await local.get('/api/staff?limit=1');
    expect(own.status).toBe(200);
    expect(own.body.area.code).toBe(first!.code);
    const auditor = await server.as('auditor');
    expect((await auditor.get('/api/staff')).status).toBe(403);
  });

  it('lists an area’s people in pages, with its metrics', async () => {
    const district = model.children(model.cityCode)[0]!;
    const first = await get(`?area=${district.code}&limit=20`);
    expect(first.status).toBe(200);
    const body = first.body as StaffResponse;
    expect(body.area).toEqual({ code: district.code, name: district.name, level: 'district' });
    expect(body.total).toBe(roster.countsFor(district.code)!.workers);
    expect(body.metrics.workers).toBe(body.total);
    expect(body.items).toHaveLength(20);
    const second = (await get(`?area=${district.code}&limit=20&offset=20`)).body as StaffResponse;
    const both = (await get(`?area=${district.code}&limit=40`)).body as StaffResponse;
    expect([...body.items, ...second.items].map((i) => i.id)).toEqual(both.items.map((i) => i.id));
    const item = body.items[0]!;
    expect(Object.keys(item).sort()).toEqual(['grids', 'id', 'kind', 'name', 'onDuty', 'openCases', 'position', 'shift']);
    expect(item.shift.week).toHaveLength(7);
    // no personal data: no phone field, no phone-shaped number anywhere
    expect(JSON.stringify(body)).not.toMatch(/1[3-9]\d{9}/);
    const last = (await get(`?area=${district.code}&limit=500&offset=${body.total - 3}`)).body as StaffResponse;
    expect(last.items).toHaveLength(3);
  });

  it('filters by kind and by duty, and answers for the whole city by default', async () => {
    const street = model.children(model.children(model.cityCode)[1]!.code)[0]!;
    const chiefs = (await get(`?area=${street.code}&kind=grid_chief&limit=500`)).body as StaffResponse;
    expect(chiefs.total).toBe(model.children(street.code).length);
    expect(chiefs.items.every((i) => i.kind === 'grid_chief')).toBe(true);

    const onDuty = (await get(`?area=${street.code}&onDuty=true&limit=500`)).body as StaffResponse;
    expect(onDuty.total).toBe(onDuty.metrics.onDuty);
    expect(onDuty.total).toBeGreaterThan(0);
    expect(onDuty.items.every((i) => i.onDuty && i.position !== null)).toBe(true);
    const offDuty = (await get(`?area=${street.code}&onDuty=false&limit=1`)).body as StaffResponse;
    expect(offDuty.total + onDuty.total).toBe(onDuty.metrics.workers);
    expect(offDuty.items[0]!.position).toBeNull();

    const city = (await get('')).body as StaffResponse;
    expect(city.area.code).toBe(model.cityCode);
    expect(city.total).toBe(roster.workers.length);
    expect(city.items).toHaveLength(50);
  });

  it('lists everyone serving a grid, its grid chief included', async () => {
    const grid = roster.vacancies[0]!;
    const { status, body } = await get(`?area=${grid}`);
    expect(status).toBe(200);
    const kinds = (body as StaffResponse).items.map((i) => i.kind);
    expect(kinds).toContain('grid_chief');
    expect(kinds).not.toContain('full_time');
    expect((body as StaffResponse).metrics.gridsWithoutWorker).toBe(1);
  });

  it('answers 400 naming the field for a malformed query', async () => {
    const cases: [string, string][] = [
      ['?area=12345', 'area'],
      ['?area=41010x', 'area'],
      ['?kind=boss', 'kind'],
      ['?onDuty=yes', 'onDuty'],
      ['?limit=501', 'limit'],
      ['?limit=abc', 'limit'],
      ['?limit=0', 'limit'],
      ['?offset=-1', 'offset'],
    ];
    for (const [query, field] of cases) {
      const { status, body } = await get(query);
      expect(status, query).toBe(400);
      expect(body.error.field, query).toBe(field);
      expect(body.error.message, query).toMatch(new RegExp(field));
    }
    const unknown = await get('?colour=red');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/colour/);
  });

  it('answers 404 for a well-formed area that does not exist', async () => {
    const { status, body } = await get('?area=410199');
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ status: 404, field: 'area' });
    expect(body.error.message).toMatch(/410199/);
  });
});
