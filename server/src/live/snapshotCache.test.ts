import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCity } from '../../../fixtures/loadCity.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { PROTOCOL_VERSION, SNAPSHOT_LATEST, TICK_MS } from '../../../shared/src/live/events.js';
import { makeCase } from '../store/caseFixtures.js';
import { formatShanghai } from '../store/caseRow.js';
import { validCase } from '../testing/caseInputs.js';
import { recordingClient, type RecordingClient } from '../testing/liveClient.js';
import { ManualScheduler } from '../testing/manualScheduler.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { until } from '../testing/until.js';
import { LiveState, summarize } from './liveState.js';

const T0 = Date.parse('2026-11-23T10:00:00+08:00');

describe('LiveState.cellsJson', () => {
  let model: CityModel;
  beforeAll(() => {
    model = loadCity().model;
  });

  it('is JSON of cells(code) for the city, a district, a street, a cell, and an area without cases', () => {
    const state = new LiveState(model, T0);
    const grids = model.nodesAt('grid');
    const cases = Array.from({ length: 500 }, (_, i) => {
      const grid = grids[(i * 7919) % grids.length]!.code;
      return makeCase(`C${i}`, T0 - i * 60_000, { area: { district: grid.slice(0, 6), street: grid.slice(0, 9), community: grid.slice(0, 12), grid } });
    });
    state.apply(cases);
    const busy = cases[0]!.area.grid;
    const empty = model.children('410100').find((d) => state.aggregate(d.code).total === 0)?.code ?? grids.find((g) => state.aggregate(g.code).total === 0)!.code;
    for (const code of ['410100', busy.slice(0, 6), busy.slice(0, 9), busy, empty]) {
      expect(JSON.parse(state.cellsJson(code))).toEqual(state.cells(code));
    }
    expect(Object.keys(JSON.parse(state.cellsJson('410100')) as object)).toHaveLength(new Set(cases.map((c) => c.area.grid)).size);
  });

  it('writes again the pieces whose cells moved since the last call: new cases, closing, deadlines passing, the last hour moving on', () => {
    const state = new LiveState(model, T0);
    const grids = model.nodesAt('grid');
    const inGrid = (id: string, grid: string, reportedMs: number, deadlineMs: number) =>
      makeCase(id, reportedMs, { area: { district: grid.slice(0, 6), street: grid.slice(0, 9), community: grid.slice(0, 12), grid }, status: 'dispatched', deadline: formatShanghai(deadlineMs) });
    const cases = Array.from({ length: 300 }, (_, i) => inGrid(`C${i}`, grids[(i * 7919) % grids.length]!.code, T0 - i * 1_000, T0 + 30 * 60_000));
    state.apply(cases);
    const cell = cases[0]!.area.grid;
    const areas = ['410100', cell.slice(0, 6), cell.slice(0, 9), cell];
    const same = () => {
      for (const code of areas) expect(JSON.parse(state.cellsJson(code))).toEqual(state.cells(code));
    };
    same(); // every piece now kept
    const fresh = grids.find((g) => state.aggregate(g.code).total === 0 && g.code.startsWith(cell.slice(0, 6)))!.code;
    state.apply([inGrid('N1', fresh, T0, T0 + 3_600_000)]);
    expect((JSON.parse(state.cellsJson('410100')) as Record<string, number[]>)[fresh]).toEqual([1, 0, 1, 1]);
    same();
    state.update([{ ...cases[0]!, status: 'closed' }]);
    expect((JSON.parse(state.cellsJson(cell.slice(0, 6))) as Record<string, number[]>)[cell]![0]).toBe(state.figures(cell)[0]);
    same();
    state.advance(T0 + 31 * 60_000); // deadlines passed: overdue counts
    expect((JSON.parse(state.cellsJson('410100')) as Record<string, number[]>)[cases[1]!.area.grid]![1]).toBeGreaterThan(0);
    same();
    state.advance(T0 + 61 * 60_000); // out of the last hour
    expect((JSON.parse(state.cellsJson('410100')) as Record<string, number[]>)[cases[1]!.area.grid]![2]).toBe(0);
    same();
  });
});

/** A real server and real Socket.IO clients: the snapshot encoded once reads as the object socket.emit would have sent. */
describe('snapshot packets (real Socket.IO clients on port 0, ticks by hand)', () => {
  let server: TestServer;
  const scheduler = new ManualScheduler();
  const clients: RecordingClient[] = [];

  beforeAll(async () => {
    server = await startTestServer({ scheduler });
    for (const at of [{ lon: 113.6713, lat: 34.7835 }, { lon: 113.6395, lat: 34.7105 }, { lon: 113.6713, lat: 34.7835 }]) {
      expect((await server.api.post('/api/cases', validCase(at))).status).toBe(201);
    }
    scheduler.fire(TICK_MS);
    await server.liveKpis.refresh();
  });
  afterAll(async () => {
    clients.forEach((c) => c.socket.disconnect());
    await server.close();
  });

  for (const area of ['410100', '410105']) {
    it(`${area}: every field as the live state, the store and today's KPIs have it, to two clients alike`, async () => {
      const [a, b] = [recordingClient(server.url, server.api.token), recordingClient(server.url, server.api.token)];
      clients.push(a, b);
      expect(await a.subscribe(area)).toMatchObject({ ok: true });
      expect(await b.subscribe(area)).toMatchObject({ ok: true });
      const [snapshot, other] = await until(() => a.snapshots[0] && b.snapshots[0] && [a.snapshots[0], b.snapshots[0]]);
      expect(other).toEqual(snapshot);
      const level = server.model.node(area)!.level as 'city' | 'district';
      const latest = await server.store.query({ limit: SNAPSHOT_LATEST, ...(level === 'city' ? {} : { area: { level, code: area } }) });
      // What socket.io's JSON would have made of the snapshot object.
      const expected = JSON.parse(
        JSON.stringify({
          v: PROTOCOL_VERSION,
          area,
          seq: snapshot.seq,
          at: snapshot.at,
          aggregate: server.state.aggregate(area),
          cells: server.state.cells(area),
          latest: latest.items.map(summarize),
          alerts: server.state.recentAlerts(level === 'city' ? '4101' : area),
          kpis: server.liveKpis.report(area),
          staff: server.staff.metrics(area, snapshot.at),
          ranking: server.liveKpis.ranking(area),
          trend: server.liveKpis.trendOf(area),
        }),
      ) as unknown;
      expect(snapshot).toEqual(expected);
      expect(Object.keys(snapshot.cells).length).toBeGreaterThan(0);
      expect(snapshot.kpis?.counts.received).toBe(level === 'city' ? 3 : 2);
      expect(snapshot.latest).toHaveLength(level === 'city' ? 3 : 2);
    });
  }
});
