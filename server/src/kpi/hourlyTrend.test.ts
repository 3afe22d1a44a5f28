import { beforeAll, describe, expect, it } from 'vitest';
import { loadCity } from '../../../fixtures/loadCity.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { HOUR_MS, TREND_HOURS } from '../../../shared/src/kpi/trend.js';
import type { HourColumns, HourlyCounts } from '../store/trendSql.js';
import { HourlyTrend, TREND_FULL_RECOUNT_MS } from './hourlyTrend.js';
import { NodeRows } from './nodeRows.js';

/** Cases as (grid, reported, closed) times; counted per hour the way trendSql.ts does. */
class Cases {
  rows: { grid: string; reported: number; closed: number | null }[] = [];
  queries: [number, number][] = [];
  count = async (from: number, to: number): Promise<HourlyCounts> => {
    this.queries.push([from, to]);
    const received = new Map<string, number>();
    const closed = new Map<string, number>();
    const add = (cells: Map<string, number>, grid: string, at: number) => {
      if (at < from || at >= to) return;
      const key = `${grid}:${Math.floor(at / HOUR_MS)}`;
      cells.set(key, (cells.get(key) ?? 0) + 1);
    };
    for (const r of this.rows) {
      add(received, r.grid, r.reported);
      if (r.closed !== null) add(closed, r.grid, r.closed);
    }
    const columns = (cells: Map<string, number>): HourColumns => {
      const keys = [...cells.keys()].map((k) => k.split(':').map(Number) as [number, number]);
      return { grid: keys.map(([g]) => g), hour: keys.map(([, h]) => h), n: [...cells.values()] };
    };
    return { received: columns(received), closed: columns(closed) };
  };
}

describe('HourlyTrend: received and closed per clock hour, last 24 hours', () => {
  let model: CityModel;
  let grids: string[];
  const start = Date.parse('2026-11-23T10:00:00+08:00');
  beforeAll(() => {
    model = loadCity().model;
    grids = model.nodesAt('grid').map((n) => n.code);
  });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

  it('sums every cell up to its community, street, district and the city', async () => {
    const cases = new Cases();
    const [a, b] = [grids[0]!, grids.find((g) => g.slice(0, 6) !== grids[0]!.slice(0, 6))!];
    cases.rows.push({ grid: a, reported: start - 3 * HOUR_MS, closed: start - HOUR_MS }, { grid: a, reported: start + 60_000, closed: null }, { grid: b, reported: start - 2 * HOUR_MS, closed: null });
    const trend = new HourlyTrend(new NodeRows(model), cases.count);
    const now = start + 30 * 60_000;
    await trend.refresh(now);
    const city = trend.series(model.cityCode)!;
    expect(city.from).toBe(start - (TREND_HOURS - 1) * HOUR_MS);
    expect(city.received).toHaveLength(TREND_HOURS);
    expect(city.received.slice(-4)).toEqual([1, 1, 0, 1]);
    expect(city.closed.slice(-4)).toEqual([0, 0, 1, 0]);
    for (const code of [a.slice(0, 6), a.slice(0, 9), a.slice(0, 12), a]) expect(trend.series(code)!.received.slice(-4)).toEqual([1, 0, 0, 1]);
    expect(sum(trend.series(b.slice(0, 6))!.received)).toBe(1);
    expect(trend.series('999999')).toBeNull();
  });

  it('recounts only the current hour between whole-window recounts, and the whole window each minute', async () => {
    const cases = new Cases();
    const trend = new HourlyTrend(new NodeRows(model), cases.count);
    await trend.refresh(start);
    expect(cases.queries.at(-1)![0]).toBe(start - (TREND_HOURS - 1) * HOUR_MS);
    cases.rows.push({ grid: grids[5]!, reported: start + 1000, closed: null });
    cases.rows.push({ grid: grids[5]!, reported: start - 5 * HOUR_MS, closed: null }); // reported late
    await trend.refresh(start + 5000);
    expect(cases.queries.at(-1)![0]).toBe(start);
    expect(trend.series(model.cityCode)!.received.at(-1)).toBe(1);
    expect(trend.series(model.cityCode)!.received.at(-6)).toBe(0);
    await trend.refresh(start + TREND_FULL_RECOUNT_MS);
    expect(trend.series(model.cityCode)!.received.at(-6)).toBe(1);
  });

  it('recounts from a touched earlier hour at the next refresh, and forgets hours out of the window', async () => {
    const cases = new Cases();
    const trend = new HourlyTrend(new NodeRows(model), cases.count);
    await trend.refresh(start);
    const g = grids[7]!;
    cases.rows.push({ grid: g, reported: start - 5 * HOUR_MS + 1000, closed: start - 2 * HOUR_MS }); // a hotline batch
    trend.touch([start - 5 * HOUR_MS + 1000, start - 2 * HOUR_MS]);
    await trend.refresh(start + 5000);
    expect(cases.queries.at(-1)![0]).toBe(start - 5 * HOUR_MS);
    expect(trend.series(g)!.received.at(-6)).toBe(1);
    expect(trend.series(g)!.closed.at(-3)).toBe(1);
    // Touched once: the refresh after recounts only the current hour again.
    await trend.refresh(start + 10_000);
    expect(cases.queries.at(-1)![0]).toBe(start);
    // A closure of a case reported days ago touches nothing that is still in the window.
    trend.touch([start - 3 * 24 * HOUR_MS]);
    await trend.refresh(start + 15_000);
    expect(cases.queries.at(-1)![0]).toBe(start);
  });

  it('keeps the touched hours when a recount fails, for the next one', async () => {
    const cases = new Cases();
    let fail = false;
    const trend = new HourlyTrend(new NodeRows(model), (from, to) => (fail ? Promise.reject(new Error('store unavailable')) : cases.count(from, to)));
    await trend.refresh(start);
    trend.touch([start - 3 * HOUR_MS]);
    fail = true;
    await expect(trend.refresh(start + 5000)).rejects.toThrow('store unavailable');
    fail = false;
    await trend.refresh(start + 10_000);
    expect(cases.queries.at(-1)![0]).toBe(start - 3 * HOUR_MS);
  });

  it('slides with the clock: the turned hour is finished, the oldest leaves, nothing is counted twice', async () => {
    const cases = new Cases();
    const trend = new HourlyTrend(new NodeRows(model), cases.count);
    const g = grids[9]!;
    for (let h = 0; h < TREND_HOURS; h++) cases.rows.push({ grid: g, reported: start - h * HOUR_MS + 1000, closed: null });
    await trend.refresh(start + HOUR_MS - 30_000);
    expect(trend.series(g)!.received).toEqual(new Array(TREND_HOURS).fill(1));
    // A case in the last second of the hour, then the hour turns 31 s later: not a whole recount.
    cases.rows.push({ grid: g, reported: start + HOUR_MS - 1, closed: null });
    await trend.refresh(start + HOUR_MS + 1000);
    const s = trend.series(g)!;
    expect(s.from).toBe(start - (TREND_HOURS - 2) * HOUR_MS);
    expect(s.received.slice(-2)).toEqual([2, 0]);
    expect(sum(s.received)).toBe(TREND_HOURS - 1 + 1);
    // Many refreshes: the same figures (slots are cleared before each recount).
    for (let i = 2; i < 20; i++) await trend.refresh(start + HOUR_MS + i * 5000);
    expect(trend.series(g)!.received).toEqual(s.received);
    // A day later everything has left the window.
    await trend.refresh(start + 30 * HOUR_MS);
    expect(sum(trend.series(g)!.received)).toBe(0);
  });
});
