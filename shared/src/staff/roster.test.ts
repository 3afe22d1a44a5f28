import { beforeAll, describe, expect, it } from 'vitest';
import { loadCity } from '../../../fixtures/loadCity.js';
import { CityModel } from '../city/cityModel.js';
import type { AreaNode, CityFile } from '../city/model.js';
import { buildRoster } from './buildRoster.js';
import { maskPhone, type Roster, type Worker } from './roster.js';
import { beijingTime, formatShift, shiftCovers, type Shift } from './shifts.js';

/** Monday 2026-11-23 00:00 in Beijing. */
const MONDAY = Date.parse('2026-11-23T00:00:00+08:00');
const at = (day: number, hhmm: string) => MONDAY + day * 86_400_000 + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * 60_000;

describe('staffing roster', () => {
  let model: CityModel;
  let roster: Roster;

  beforeAll(() => {
    model = loadCity().model;
    roster = buildRoster(model);
  });

  it('is the same for the same model and seed, and different for another seed', () => {
    const again = buildRoster(model);
    const other = buildRoster(model, 'another');
    expect(again.workers.length).toBe(roster.workers.length);
    const differing = (r: Roster) => roster.workers.filter((w, i) => JSON.stringify(w) !== JSON.stringify(r.workers[i]) || w.phone !== r.workers[i]!.phone).length;
    expect(differing(again)).toBe(0);
    expect(again.vacancies).toEqual(roster.vacancies);
    expect(differing(other)).toBeGreaterThan(roster.workers.length / 2);
  });

  it('has realistic numbers of each kind', () => {
    const grids = model.nodesAt('grid');
    const urban = grids.filter((g) => g.areaType === 'urban').length;
    const rural = grids.filter((g) => g.areaType === 'rural').length;
    const city = roster.countsFor(model.cityCode)!;
    expect(city.grids).toBe(grids.length);
    expect(city.workers).toBe(roster.workers.length);
    expect(city.workers).toBeGreaterThan(60_000);
    expect(city.workers).toBeLessThan(80_000);
    expect(city.byKind.grid_chief).toBe(model.nodesAt('community').length);
    // one per urban/fringe grid, one per two rural grids, less ~1.5% vacancies
    const posts = grids.length - rural / 2;
    expect(city.byKind.full_time).toBeGreaterThan(posts * 0.97);
    expect(city.byKind.full_time).toBeLessThan(posts * 1.05);
    expect(city.byKind.part_time).toBeGreaterThanOrEqual(2 * urban);
    expect(city.byKind.part_time).toBeLessThan(2 * grids.length);
    expect(city.byKind.party_volunteer).toBeGreaterThanOrEqual(grids.length);
    expect(city.byKind.cadre / grids.length).toBeGreaterThan(0.77);
    expect(city.byKind.cadre / grids.length).toBeLessThan(0.83);
    expect(city.byKind.building_head).toBe(urban);
  });

  it('gives every grid a full-time worker except the deliberate vacancies, and everyone a grid chief', () => {
    const vacant = new Set(roster.vacancies);
    const rate = vacant.size / roster.gridCount;
    expect(rate).toBeGreaterThan(0.01);
    expect(rate).toBeLessThan(0.02);
    const withoutFullTime: string[] = [];
    for (const grid of model.nodesAt('grid')) {
      const staff = roster.byGrid(grid.code);
      if (!staff.some((w) => w.kind === 'full_time')) withoutFullTime.push(grid.code);
      expect(staff.filter((w) => w.kind === 'grid_chief')).toHaveLength(1);
    }
    expect(withoutFullTime.sort()).toEqual([...vacant].sort());
    expect(roster.countsFor(model.cityCode)!.gridsWithoutFullTime).toBe(vacant.size);
  });

  it('counts an area from its grids, each worker once above the grid', () => {
    const district = model.children(model.cityCode)[0]!;
    const streets = model.children(district.code);
    const d = roster.countsFor(district.code)!;
    const sum = streets.map((s) => roster.countsFor(s.code)!);
    expect(sum.reduce((a, c) => a + c.workers, 0)).toBe(d.workers);
    expect(sum.reduce((a, c) => a + c.gridsWithoutFullTime, 0)).toBe(d.gridsWithoutFullTime);
    const [from, to] = roster.workerRange(district.code)!;
    expect(to - from).toBe(d.workers);
    expect(roster.workers.slice(from, to).every((w) => w.district === district.code)).toBe(true);
    expect(roster.countsFor('410199999')).toBeUndefined();
  });

  it('has unique, stable ids and well-formed names and phones', () => {
    const ids = new Set(roster.workers.map((w) => w.id));
    expect(ids.size).toBe(roster.workers.length);
    for (const w of roster.workers.slice(0, 2000)) {
      expect(w.id).toMatch(new RegExp(`^W${w.grids[0]}\\d{2}$`));
      expect(roster.byId(w.id)).toBe(w);
      expect(w.name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
      expect(w.phone).toMatch(/^1[3-9]\d{9}$/);
      expect(w.community).toBe(w.grids[0]!.slice(0, 12));
      expect(w.street).toBe(w.grids[0]!.slice(0, 9));
    }
    expect(maskPhone('13812345678')).toBe('138****5678');
    const first = roster.workers[0]!;
    expect(JSON.parse(JSON.stringify(first))).toMatchObject({ id: first.id, name: first.name, phone: maskPhone(first.phone) });
    expect(roster.byId('W41010200100200199')).toBeUndefined();
    expect(roster.byId('nope')).toBeUndefined();
  });

  it('reads shifts in Beijing time, across midnight', () => {
    const night: Shift = { label: '平安夜巡', week: [null, null, null, null, { start: 20 * 60, end: 30 }, { start: 20 * 60, end: 30 }, null] };
    const on = (ms: number) => {
      const { weekday, minute } = beijingTime(ms);
      return shiftCovers(night, weekday, minute);
    };
    expect(on(at(4, '19:59'))).toBe(false);
    expect(on(at(4, '20:00'))).toBe(true); // Friday evening
    expect(on(at(4, '23:59'))).toBe(true);
    expect(on(at(5, '00:15'))).toBe(true); // Friday's patrol runs into Saturday
    expect(on(at(5, '00:30'))).toBe(false);
    expect(on(at(6, '00:15'))).toBe(true); // Saturday's into Sunday
    expect(on(at(7, '00:15'))).toBe(false); // none on Sunday
    expect(on(at(3, '00:15'))).toBe(false);
    expect(formatShift(night).week[4]).toBe('20:00-00:30');

    const chief = roster.workers.find((w) => w.kind === 'grid_chief')!;
    // 00:30 UTC is 08:30 in Beijing: on duty, although a UTC reading would say night
    expect(roster.onDuty(chief, Date.parse('2026-11-23T00:30:00Z'))).toBe(true);
    expect(roster.onDuty(chief, Date.parse('2026-11-23T09:29:00Z'))).toBe(true);
    expect(roster.onDuty(chief, Date.parse('2026-11-23T09:30:00Z'))).toBe(false); // 17:30 Beijing
    expect(roster.onDuty(chief, at(5, '10:00'))).toBe(false); // Saturday
    const patrol = roster.workers.find((w) => w.shift.label === '平安夜巡')!;
    expect(roster.onDuty(patrol, at(5, '00:10'))).toBe(true);
  });

  it('has somebody on duty 07:00–22:00 every day in every urban grid', () => {
    // Every shift starts and ends on a half hour, so one probe per half hour sees every state.
    let probes = 0;
    const uncovered: string[] = [];
    for (const grid of model.nodesAt('grid')) {
      if (grid.areaType !== 'urban') continue;
      for (let day = 0; day < 7; day++) {
        for (let m = 7 * 60; m < 22 * 60; m += 30) {
          probes++;
          if (!roster.onDutyWorker(grid.code, MONDAY + day * 86_400_000 + m * 60_000)) uncovered.push(`${grid.code} day ${day} minute ${m}`);
        }
      }
    }
    expect(probes).toBeGreaterThan(1_000_000);
    expect(uncovered.slice(0, 5)).toEqual([]);
    expect(roster.onDutyWorker(model.nodesAt('grid')[0]!.code, at(2, '03:00'))).toBeNull();
  });

  it('picks the on-duty worker in order: own full-timer, a colleague (A/B岗), grid chief, part-timer', () => {
    const seen = { own: 0, colleague: 0, chief: 0, partTime: 0, none: 0 };
    const grids = model.nodesAt('grid').filter((_, i) => i % 100 === 0);
    grids.push(...roster.vacancies.map((code) => model.node(code)!));
    for (const grid of grids) {
      const staff = roster.byGrid(grid.code);
      const [from, to] = roster.workerRange(grid.parent!)!;
      const communityFullTime = roster.workers.slice(from, to).filter((w) => w.kind === 'full_time');
      for (let day = 0; day < 7; day++) {
        for (let m = 0; m < 1440; m += 30) {
          const ms = MONDAY + day * 86_400_000 + m * 60_000;
          const on = (w: Worker) => roster.onDuty(w, ms);
          const got = roster.onDutyWorker(grid.code, ms);
          const own = staff.filter((w) => w.kind === 'full_time' && on(w));
          if (own.length > 0) {
            expect(own).toContain(got);
            seen.own++;
          } else if (communityFullTime.some(on)) {
            expect(got?.kind).toBe('full_time');
            expect(got?.community).toBe(grid.parent);
            seen.colleague++;
          } else if (staff.some((w) => w.kind === 'grid_chief' && on(w))) {
            expect(got?.kind).toBe('grid_chief');
            seen.chief++;
          } else if (staff.some((w) => w.kind === 'part_time' && on(w))) {
            expect(got?.kind).toBe('part_time');
            expect(got?.grids).toContain(grid.code);
            seen.partTime++;
          } else {
            expect(got).toBeNull();
            seen.none++;
          }
        }
      }
    }
    // every branch is exercised
    expect(Object.values(seen).every((n) => n > 0)).toBe(true);
  });

  it('prefers the grid chief to a part-timer when both are on duty', () => {
    // A one-grid urban community: its lone full-timer works the early shift, so on weekday
    // afternoons the chief (until 17:30) and a part-timer (from 15:30) overlap. The city has no
    // such community, so the order is tested on a small model of its own.
    const node = (code: string, level: AreaNode['level'], parent: string | null): AreaNode => ({
      code, name: code, level, parent, areaType: 'urban', households: 400, population: 1000, areaKm2: 0.04, centroid: [113.6, 34.75],
    });
    const file: CityFile = {
      version: 1, city: '410100', datum: 'GCJ-02', notes: [], sources: {}, transform: { scale: [1, 1], translate: [0, 0] }, geometry: { overview: '', districts: {} },
      nodes: [node('410100', 'city', null), node('410102', 'district', '410100'), node('410102001', 'street', '410102'), node('410102001001', 'community', '410102001'), node('410102001001001', 'grid', '410102001001')],
    };
    const small = buildRoster(new CityModel(file, []));
    const grid = '410102001001001';
    const of = (kind: Worker['kind']) => small.byGrid(grid).filter((w) => w.kind === kind);
    const [fullTime] = of('full_time');
    const [chief] = of('grid_chief');
    expect(fullTime).toBeDefined();
    expect(chief).toBeDefined();
    expect(of('part_time')).toHaveLength(2);
    let checked = 0;
    for (let day = 0; day < 5; day++) {
      const ms = at(day, '16:00');
      if (small.onDuty(fullTime!, ms)) continue;
      expect(of('part_time').some((p) => small.onDuty(p, ms))).toBe(true);
      expect(small.onDutyWorker(grid, ms)).toBe(chief);
      expect(small.onDutyWorker(grid, at(day, '18:00'))?.kind).toBe('part_time');
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
    const working = [0, 1, 2, 3, 4, 5, 6].find((d) => small.onDuty(fullTime!, at(d, '10:00')))!;
    expect(small.onDutyWorker(grid, at(working, '10:00'))).toBe(fullTime);
    expect(small.onDutyWorker(grid, at(working, '03:00'))).toBeNull();
  });
});
