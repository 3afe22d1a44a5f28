import { beforeAll, describe, expect, it } from 'vitest';
import { loadCity } from '../../../fixtures/loadCity.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { containsPoint } from '../../../shared/src/geo/planar.js';
import { buildRoster } from '../../../shared/src/staff/buildRoster.js';
import type { Roster } from '../../../shared/src/staff/roster.js';
import { createRandom } from '../../../shared/src/util/prng.js';
import { StaffState, type StaffMetrics } from './staffState.js';

/** Wednesday 2026-11-25 10:00 in Beijing. */
const WEDNESDAY_10 = Date.parse('2026-11-25T10:00:00+08:00');

describe('live staffing state', () => {
  let model: CityModel;
  let roster: Roster;

  beforeAll(() => {
    model = loadCity().model;
    roster = buildRoster(model);
  });

  it('keeps every patrol inside its grid for 1,000 ticks, across a shift change', () => {
    const staff = new StaffState(model, roster, WEDNESDAY_10);
    expect(staff.onDutyTotal).toBeGreaterThan(5_000);
    const start = new Map<number, [number, number]>();
    roster.workers.forEach((w) => {
      const p = staff.latticePosition(w.index);
      if (p) start.set(w.index, p);
    });
    const shapes = new Map<string, ReturnType<CityModel['geometry']>>();
    const shapeOf = (code: string) => {
      if (!shapes.has(code)) shapes.set(code, model.geometry(code));
      return shapes.get(code)!;
    };
    const outside = (): string[] => {
      const bad: string[] = [];
      for (const w of roster.workers) {
        const p = staff.latticePosition(w.index);
        if ((p !== null) !== staff.isOnDuty(w.index)) bad.push(`${w.id}: position ${String(p)} but on duty ${staff.isOnDuty(w.index)}`);
        if (!p) continue;
        const grid = staff.patrolGrid(w.index);
        if (!w.grids.includes(grid) || !containsPoint(shapeOf(grid)!, p[0], p[1])) bad.push(`${w.id} in ${grid}`);
      }
      return bad;
    };
    expect(outside()).toEqual([]);
    // 1,000 ticks of 2 s: 10:00 to 10:33, so the 10:30 shift edge is crossed
    for (let t = 1; t <= 1000; t++) {
      staff.tick(WEDNESDAY_10 + t * 2000);
      if (t % 250 === 0) expect(outside().slice(0, 3)).toEqual([]);
    }
    let moved = 0;
    let still = 0;
    for (const [i, [x0, y0]] of start) {
      const p = staff.latticePosition(i);
      if (!p) continue;
      if (Math.hypot(p[0] - x0, p[1] - y0) > 50) moved++; // 50 lattice units ≈ 5 m
      else still++;
    }
    expect(moved).toBeGreaterThan(0.95 * (moved + still));
    const someone = [...start.keys()].find((i) => staff.isOnDuty(i))!;
    const [lon, lat] = staff.position(someone)!;
    expect(Math.abs(lon - model.node(staff.patrolGrid(someone))!.centroid[0])).toBeLessThan(0.05);
    expect(Math.abs(lat - model.node(staff.patrolGrid(someone))!.centroid[1])).toBeLessThan(0.05);

    staff.tick(Date.parse('2026-11-26T03:00:00+08:00'));
    expect(staff.onDutyTotal).toBe(0);
    expect(staff.position(someone)).toBeNull();
  });

  it('counts open cases per worker with assign and release, one entry per case', () => {
    const staff = new StaffState(model, roster, WEDNESDAY_10);
    const [a, b] = roster.workers;
    expect(staff.assign('C1', a!.id)).toBe(true);
    expect(staff.assign('C2', a!.id)).toBe(true);
    expect(staff.assigned(a!.id)).toBe(2);
    expect(staff.assign('C1', b!.id)).toBe(true); // reassigned: moves, not duplicated
    expect(staff.assigned(a!.id)).toBe(1);
    expect(staff.assigned(b!.id)).toBe(1);
    expect(staff.openCasesTracked).toBe(2);
    expect(staff.assign('C3', 'W99999999999999900')).toBe(false);
    expect(staff.openCasesTracked).toBe(2);
    expect(staff.release('C1')).toBe(true);
    expect(staff.release('C1')).toBe(false);
    expect(staff.assigned(b!.id)).toBe(0);
    expect(staff.release('C2')).toBe(true);
    expect(staff.openCasesTracked).toBe(0);
    expect(staff.metrics(model.cityCode, WEDNESDAY_10)!.openCasesAssigned).toBe(0);
  });

  it('keeps the metrics of an area until a case is assigned or released or the on-duty set changes', () => {
    const staff = new StaffState(model, roster, WEDNESDAY_10);
    const city = model.cityCode;
    const worker = roster.workers[0]!;
    const district = roster.gridCodes[roster.homeGridOf(0)]!.slice(0, 6);
    const before = staff.metrics(city, WEDNESDAY_10)!;
    const districtBefore = staff.metrics(district, WEDNESDAY_10)!;
    expect(staff.metrics(city, WEDNESDAY_10 + 1_000)).toBe(before); // nothing moved: the same figures
    staff.assign('C1', worker.id);
    expect(staff.metrics(city, WEDNESDAY_10)!.openCasesAssigned).toBe(before.openCasesAssigned + 1);
    expect(staff.metrics(district, WEDNESDAY_10)!.openCasesAssigned).toBe(districtBefore.openCasesAssigned + 1);
    expect(staff.metrics(district, WEDNESDAY_10)!.hotSpots.map((h) => h.openCases)).toEqual([1]);
    staff.release('C1');
    expect(staff.metrics(city, WEDNESDAY_10)).toEqual(before);
    expect(staff.metrics(district, WEDNESDAY_10)).toEqual(districtBefore);
    // Later the same day, once the on-duty set differs: what a state started then counts.
    let later = WEDNESDAY_10;
    let fresh: StaffState;
    do {
      later += 30 * 60_000;
      fresh = new StaffState(model, roster, later);
    } while (fresh.onDutyTotal === before.onDuty);
    expect(staff.metrics(city, later)).toEqual(fresh.metrics(city, later));
    expect(staff.metrics(district, later)).toEqual(fresh.metrics(district, later));
    expect(staff.metrics(city, later)!.onDuty).not.toBe(before.onDuty);
  });

  it('adds metrics up from grids to the city, with hot spots by open cases per on-duty worker', () => {
    const staff = new StaffState(model, roster, WEDNESDAY_10);
    const random = createRandom('cases');
    const district = model.children(model.cityCode)[2]!;
    const [from, to] = roster.workerRange(district.code)!;
    for (let c = 0; c < 20_000; c++) {
      // most cases in one district, so its streets and the city ranking differ
      const i = c % 4 === 0 ? Math.floor(random() * roster.workers.length) : from + Math.floor(random() * (to - from));
      staff.assign(`C${c}`, roster.workers[i]!.id);
    }
    const m = (code: string) => staff.metrics(code, WEDNESDAY_10 + 60_000)!;
    const add = (parts: StaffMetrics[]) => ({
      workers: parts.reduce((s, p) => s + p.workers, 0),
      onDuty: parts.reduce((s, p) => s + p.onDuty, 0),
      gridsWithoutWorker: parts.reduce((s, p) => s + p.gridsWithoutWorker, 0),
      openCasesAssigned: parts.reduce((s, p) => s + p.openCasesAssigned, 0),
    });
    const pick = ({ workers, onDuty, gridsWithoutWorker, openCasesAssigned }: StaffMetrics) => ({ workers, onDuty, gridsWithoutWorker, openCasesAssigned });
    const street = model.children(district.code)[0]!;
    const community = model.children(street.code)[0]!;
    expect(pick(m(community.code))).toEqual(add(model.children(community.code).map((g) => m(g.code))));
    expect(pick(m(street.code))).toEqual(add(model.children(street.code).map((c) => m(c.code))));
    expect(pick(m(district.code))).toEqual(add(model.children(district.code).map((s) => m(s.code))));
    const city = m(model.cityCode);
    expect(pick(city)).toEqual(add(model.children(model.cityCode).map((d) => m(d.code))));
    expect(city.workers).toBe(roster.workers.length);
    expect(city.openCasesAssigned).toBe(20_000);
    expect(city.onDuty).toBe(staff.onDutyTotal);
    expect(city.gridsWithoutWorker).toBe(roster.vacancies.length);
    expect(city.openCasesPerOnDutyWorker).toBeCloseTo(20_000 / city.onDuty, 9);

    // hot spots: the top five children by open cases per on-duty worker, worst first
    const d = m(district.code);
    expect(d.hotSpots).toHaveLength(5);
    const ratios = model.children(district.code).map((s) => {
      const x = m(s.code);
      return { code: s.code, r: x.openCasesAssigned / Math.max(1, x.onDuty) };
    });
    const worst = ratios.sort((a, b) => b.r - a.r).slice(0, 5);
    expect(d.hotSpots.map((h) => h.code)).toEqual(worst.map((w) => w.code));
    expect(d.hotSpots[0]!.openCasesPerOnDutyWorker).toBeCloseTo(worst[0]!.r, 9);
    expect(city.hotSpots[0]!.code).toBe(district.code);
    expect(m(model.children(community.code)[0]!.code).hotSpots).toEqual([]);
    expect(staff.metrics('410199', WEDNESDAY_10)).toBeUndefined();
  });
});
