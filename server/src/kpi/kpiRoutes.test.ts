import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../../shared/src/cases/caseModel.js';
import { PROTOCOL_VERSION, type AreaDelta, type AreaSnapshot } from '../../../shared/src/live/events.js';
import { validCase } from '../testing/caseInputs.js';
import type { Json } from '../testing/http.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { makeCase } from '../store/caseFixtures.js';
import { formatShanghai } from '../store/caseRow.js';
import { TREND_FULL_RECOUNT_MS } from './hourlyTrend.js';

const HOUR = 3_600_000;

describe('KPI engine: GET /api/kpis, drill-down, assessment, live KPIs', () => {
  let server: TestServer;
  const monday = Date.parse('2026-11-23T00:00:00+08:00');
  let now = monday + 20 * HOUR; // Monday 20:00
  const clock = { now: () => now };
  let area: Case['area'];
  let fewArea: Case['area'];
  const made: Record<string, string[]> = {};

  beforeAll(async () => {
    server = await startTestServer({ clock, scheduler: { every: () => () => {} } });
    area = (await server.api.post(`/api/cases`, validCase({ reportedAt: formatShanghai(monday - 30 * HOUR) }))).body.case.area;
    // Cases of Monday with known fates, in one district (the posted one above is from Saturday).
    let n = 0;
    const at = (h: number) => formatShanghai(monday + h * HOUR);
    const add = (tag: string, count: number, over: (i: number) => Partial<Case>) => {
      const cases = Array.from({ length: count }, (_, i) => makeCase(`K${String(n++).padStart(25, '0')}`, monday + 8 * HOUR + i * 60_000, { area, ...over(i) }));
      (made[tag] ??= []).push(...cases.map((c) => c.id));
      return cases;
    };
    const times = (registered: boolean, closedAtH: number | null) => ({
      reported: at(8),
      registered: registered ? at(8.1) : null,
      dispatched: registered ? at(8.2) : null,
      accepted: null,
      handled: closedAtH === null ? null : at(closedAtH - 0.5),
      verified: null,
      closed: closedAtH === null ? null : at(closedAtH),
    });
    const cases = [
      // 6 closed on time (deadline 12:00, closed 11:00), one of them reworked, one extended
      ...add('onTime', 6, (i) => ({ status: 'closed', times: times(true, 11), deadline: at(12), reworks: i === 0 ? 1 : 0, extensions: i === 1 ? 1 : 0 })),
      // 2 closed late (deadline 12:00, closed 15:00)
      ...add('late', 2, () => ({ status: 'closed', times: times(true, 15), deadline: at(12) })),
      // 3 still open past their 14:00 deadline (overdue now)
      ...add('overdue', 3, () => ({ status: 'accepted', times: times(true, null), deadline: at(14) })),
      // 2 open, due tomorrow (not due today)
      ...add('future', 2, () => ({ status: 'dispatched', times: times(true, null), deadline: formatShanghai(monday + 30 * HOUR) })),
      // 1 rejected, never registered
      ...add('rejected', 1, () => ({ status: 'rejected' })),
    ];
    // Two cases closed on time in a third district: too few to judge (minSample 10), not ranked.
    const fewGrid = server.model.nodesAt('grid').map((n) => n.code).filter((g) => g.slice(0, 6) !== area.district).at(-1)!;
    fewArea = { district: fewGrid.slice(0, 6), street: fewGrid.slice(0, 9), community: fewGrid.slice(0, 12), grid: fewGrid };
    cases.push(...add('few', 2, () => ({ area: fewArea, status: 'closed', times: times(true, 11), deadline: at(12) })));
    await server.store.insert(cases);
    server.state.apply(cases);
    server.state.advance(now);
  });
  afterAll(async () => server.close());

  const period = `from=${encodeURIComponent('2026-11-23T00:00:00+08:00')}&to=${encodeURIComponent('2026-11-24T00:00:00+08:00')}`;

  it('computes every KPI for an area and period from the stored cases', async () => {
    const { status, body } = await server.api.get(`/api/kpis?area=${area.district}&${period}`);
    expect(status).toBe(200);
    expect(body.counts).toMatchObject({ received: 14, registered: 13, dispatched: 13, due: 11, closed: 8, closedOnTime: 6, reworked: 1, extended: 1, overdueOpen: 3 });
    expect(body.figures.registrationRate).toBeCloseTo(13 / 14);
    expect(body.figures.dispatchRate).toBe(1);
    expect(body.figures.closureRate).toBeCloseTo(8 / 11);
    expect(body.figures.onTimeRate).toBeCloseTo(6 / 11);
    expect(body.figures.reworkRate).toBeCloseTo(1 / 11);
    // handled − dispatched: 6 × (10.5 − 8.2) h + 2 × (14.5 − 8.2) h over 8 cases
    expect(body.figures.meanHandlingHours).toBeCloseTo((6 * 2.3 + 2 * 6.3) / 8, 5);
    // The same at grid level, and nothing in a district without cases.
    expect((await server.api.get(`/api/kpis?area=${area.grid}&${period}`)).body.counts.received).toBe(14);
    const other = (await server.api.get(`/api/areas/${server.model.cityCode}`)).body;
    const empty = other.children.find((c: Json) => c.code !== area.district).code;
    const none = (await server.api.get(`/api/kpis?area=${empty}&${period}`)).body;
    expect(none.counts.received).toBe(0);
    expect(none.figures.closureRate).toBeNull();
  });

  it('leads every figure to exactly the cases behind it', async () => {
    const report = (await server.api.get(`/api/kpis?area=${area.district}&${period}`)).body;
    const expected: Record<string, string[]> = {
      closedOnTime: made.onTime!,
      notClosedOnTime: [...made.late!, ...made.overdue!],
      overdueOpen: made.overdue!,
      notRegistered: made.rejected!,
      reworked: [made.onTime![0]!],
      extended: [made.onTime![1]!],
    };
    for (const [kpi, ids] of Object.entries(expected)) {
      const list = (await server.api.get(`${report.cases[kpi]}&limit=500`)).body;
      if (!list.items) throw new Error(`${kpi}: ${JSON.stringify(list)}`);
      expect(list.items.map((c: Json) => c.id).sort(), kpi).toEqual([...ids].sort());
      expect(list.total, kpi).toBe(ids.length);
    }
    for (const kpi of ['received', 'registered', 'dispatched', 'due', 'closed'] as const) {
      const list = (await server.api.get(`${report.cases[kpi]}&limit=1`)).body;
      expect(list.total, kpi).toBe(report.counts[kpi]);
    }
  });

  it('refuses bad KPI queries naming the field', async () => {
    const cases: Array<[string, number, string]> = [
      [`/api/kpis?area=41x`, 400, 'area'],
      [`/api/kpis?area=410199`, 404, 'area'],
      [`/api/kpis?from=yesterday`, 400, 'from'],
      [`/api/kpis?from=2026-11-23&to=2026-11-22`, 400, 'from'],
      [`/api/kpis?colour=red`, 400, ''],
      [`/api/trend?area=41x`, 400, 'area'],
      [`/api/trend?area=410199`, 404, 'area'],
      [`/api/trend?from=2026-11-23`, 400, ''],
      [`/api/cases?kpi=happiness`, 400, 'kpi'],
      [`/api/assessment?level=grid`, 400, 'level'],
      [`/api/assessment?level=district&area=${area.district}`, 400, 'area'],
    ];
    for (const [path, status, field] of cases) {
      const res = await server.api.get(`${path}`);
      expect(res.status, path).toBe(status);
      if (field) expect(res.body.error.field, path).toBe(field);
      expect(res.body.error.message, path).toBeTruthy();
    }
  });

  it('ranks districts and streets by the composite score, with top and bottom three', async () => {
    const { status, body } = await server.api.get(`/api/assessment?level=district&${period}`);
    expect(status).toBe(200);
    expect(body.units).toHaveLength(15);
    const mine = body.units.find((u: Json) => u.code === area.district);
    expect(mine.rank).toBe(1); // the only district with data
    expect(mine.score).toBeGreaterThan(0);
    expect(mine.score).toBeLessThan(100);
    expect(mine.parts.onTimeRate).toBe(Math.min(1, (6 / 11 - 0.3) / (0.7 - 0.3)));
    expect(body.units.filter((u: Json) => u.rank === null)).toHaveLength(14);
    expect(body.top.map((u: Json) => u.code)).toEqual([area.district]);
    // Two cases, both closed on time, would score full marks: below the minimum sample they are not judged.
    expect(body.minSample).toBe(10);
    expect(body.units.find((u: Json) => u.code === fewArea.district)).toMatchObject({ score: null, rank: null, figures: { received: 2, onTimeRate: 1 } });
    expect(body.units.slice(1, 2).map((u: Json) => u.code)).toEqual([fewArea.district]); // the unranked, most cases first
    const streets = (await server.api.get(`/api/assessment?level=street&area=${area.district}&${period}`)).body;
    expect(streets.units.every((u: Json) => u.code.startsWith(area.district))).toBe(true);
    expect(streets.top[0].code).toBe(area.street);
  });

  it('streams today\'s KPIs, the children\'s composite ranking and the 24-hour trend with the live aggregates', async () => {
    // The cases were stored after start-up with earlier times: the trend's next whole-window
    // recount (at most TREND_FULL_RECOUNT_MS later) counts them in their own hours.
    now += TREND_FULL_RECOUNT_MS;
    await server.liveKpis.refresh();
    const socket: Socket = connect(server.url, { auth: { token: server.api.token }, transports: ['websocket'] });
    try {
      const snapshot = await new Promise<AreaSnapshot>((resolve, reject) => {
        socket.once('area:snapshot', resolve);
        socket.emit('area:subscribe', { v: PROTOCOL_VERSION, area: area.district }, (r: Json) => (r.ok ? undefined : reject(new Error(r.message))));
      });
      // The stream carries the report; the API adds the previous period (环比) beside it.
      const { previous, change, ...api } = (await server.api.get(`/api/kpis?area=${area.district}`)).body;
      expect(previous.counts.received).toBe(0);
      expect(change.received).toEqual({ current: 14, previous: 0, delta: 14, ratio: null });
      expect(snapshot.kpis).toEqual(api);
      expect(snapshot.kpis!.counts.received).toBe(14);
      expect(api.staffing.grids).toBeGreaterThan(0);
      expect(api.staffing.staffingRate).toBeGreaterThan(0.9);
      expect(snapshot.staff!.workers).toBeGreaterThan(0);
      expect(snapshot.staff!.workers).toBe(api.staffing.workers);
      // A refresh goes out with the next delta of every subscribed area, staffing with it.
      const delta = new Promise<AreaDelta>((resolve) => socket.once('area:delta', resolve));
      await server.liveKpis.refresh();
      server.hub.tick();
      const d = await delta;
      expect(d.kpis).toEqual(api);
      expect(d.staff).toEqual(snapshot.staff);
      // The wall's ranking board: the district's streets by today's composite, as the API ranks them.
      const streets = (await server.api.get(`/api/assessment?level=street&area=${area.district}`)).body;
      expect(snapshot.ranking).toEqual(streets.units.map((u: Json) => ({ code: u.code, score: u.score, rank: u.rank, received: u.figures.received })));
      expect(snapshot.ranking![0]).toMatchObject({ code: area.street, rank: 1, received: 14 });
      expect(d.ranking).toEqual(snapshot.ranking);
      // The city's districts likewise, the one with two cases unranked with its count.
      const districts = (await server.api.get('/api/assessment?level=district')).body;
      const cityRanking = server.liveKpis.ranking(server.model.cityCode)!;
      expect(cityRanking).toEqual(districts.units.map((u: Json) => ({ code: u.code, score: u.score, rank: u.rank, received: u.figures.received })));
      expect(cityRanking.find((u) => u.code === fewArea.district)).toEqual({ code: fewArea.district, score: null, rank: null, received: 2 });
      // The 24-hour trend: hours 21:00 Sunday to 20:00 Monday; received at 08:xx, closed at 11:00 and 15:00.
      const trend = snapshot.trend!;
      expect(trend.from).toBe(monday - 3 * HOUR); // now is 20:01
      expect(trend.received).toHaveLength(24);
      const at = (h: number) => h + 3;
      expect(trend.received[at(8)]).toBe(14);
      expect(trend.received.reduce((a, b) => a + b, 0)).toBe(14); // Saturday's case is outside the window
      expect(trend.closed[at(11)]).toBe(6);
      expect(trend.closed[at(15)]).toBe(2);
      expect(trend.closed.reduce((a, b) => a + b, 0)).toBe(8);
      expect(d.trend).toEqual(trend);
      // The same figures counted afresh from the store, for analysts and as the wall's reference.
      expect((await server.api.get(`/api/trend?area=${area.district}`)).body).toEqual(trend);
      expect((await server.api.get(`/api/trend?area=${area.grid}`)).body.received[at(8)]).toBe(14);
      expect((await server.api.get('/api/trend')).body.area).toBe('410100');
    } finally {
      socket.close();
    }
  });
});
