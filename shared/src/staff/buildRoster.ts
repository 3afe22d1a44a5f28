import type { CityModel } from '../city/cityModel.js';
import type { AreaNode } from '../city/model.js';
import { createRandom } from '../util/prng.js';
import { GIVEN, KIND_INDEX, PHONE_PREFIXES, Roster, SURNAMES, type RosterColumns, type WorkerKind } from './roster.js';
import type { Shift, ShiftSpan } from './shifts.js';

// The roster's generation from the city model; the numbers and shifts chosen are explained on
// WORKER_KINDS in roster.ts, which holds the roster itself and its queries.

const FULL_TIME_VACANCY = 0.015;
const CADRE_SHARE = 0.8;
const HOUSEHOLDS_PER_VOLUNTEER = 250;

const h = (hours: number, minutes = 0) => hours * 60 + minutes;
const EARLY: ShiftSpan = { start: h(7), end: h(15, 30) };
const LATE: ShiftSpan = { start: h(13, 30), end: h(22) };
const DAY: ShiftSpan = { start: h(8, 30), end: h(17, 30) };


interface Draft {
  kind: WorkerKind;
  grids: readonly string[];
  shift: Shift;
}

/** Builds the roster: same model and seed, same roster (one random stream per community). */
export function buildRoster(model: CityModel, seed = 'zhengzhou'): Roster {
  const shifts: Shift[] = [];
  const shiftIndex = new Map<string, number>();
  const shiftOf = new Map<Shift, number>();
  const shift = (label: string, week: (ShiftSpan | null)[]): Shift => {
    const key = `${label}|${week.map((s) => (s ? `${s.start}-${s.end}` : '-')).join(',')}`;
    let index = shiftIndex.get(key);
    if (index === undefined) {
      shiftIndex.set(key, (index = shifts.length));
      shifts.push({ label, week });
      shiftOf.set(shifts[index]!, index);
    }
    return shifts[index]!;
  };
  const gridCodes = model.nodesAt('grid').map((g) => g.code).sort();
  const gridIndex = new Map(gridCodes.map((c, i) => [c, i]));
  const rows = { home: [] as number[], seq: [] as number[], kind: [] as number[], name: [] as number[], phonePrefix: [] as number[], phoneNumber: [] as number[], shift: [] as number[], grids: [] as (readonly string[])[] };
  const vacancies: string[] = [];
  const communities = model.nodesAt('community').sort((a, b) => (a.code < b.code ? -1 : 1));
  for (const community of communities) {
    const grids = model.children(community.code).slice().sort((a, b) => (a.code < b.code ? -1 : 1));
    if (grids.length === 0) continue;
    const random = createRandom(`${seed}:staff:${community.code}`);
    const below = (n: number) => Math.floor(random() * n);
    const roundRandom = (x: number) => Math.floor(x) + (random() < x - Math.floor(x) ? 1 : 0);
    const drafts = new Map<string, Draft[]>(grids.map((g) => [g.code, []]));
    const gridsOf = new Map<string, readonly string[]>(grids.map((g) => [g.code, [g.code]])); // shared arrays
    const rotaOffset = below(7);

    drafts.get(grids[0]!.code)!.push({ kind: 'grid_chief', grids: grids.map((g) => g.code), shift: shift('网格长日班', weekdays(DAY)) });

    // Full-time posts: one per grid, or one per two rural grids; a few left vacant, never all.
    const posts: AreaNode[][] = community.areaType === 'rural' ? pairs(grids) : grids.map((g) => [g]);
    const vacant = posts.map(() => random() < FULL_TIME_VACANCY);
    if (vacant.every(Boolean)) vacant[0] = false;
    const filled = posts.filter((_, i) => !vacant[i]);
    posts.forEach((post, i) => vacant[i] && vacancies.push(...post.map((g) => g.code)));
    const rest = (j: number) => (rotaOffset + 2 * j) % 7; // two consecutive rest days, staggered
    const rota = community.areaType === 'urban' ? urbanRota(filled.length, rest) : null;
    filled.forEach((post, j) => {
      const week = rota ? rota.weeks[j]! : fiveDays(DAY, rest(j));
      const label = rota ? '早晚轮班' : '日班轮休';
      drafts.get(post[0]!.code)!.push({ kind: 'full_time', grids: post.length === 1 ? gridsOf.get(post[0]!.code)! : post.map((g) => g.code), shift: shift(label, week) });
    });

    for (const grid of grids) {
      const own = gridsOf.get(grid.code)!;
      const list = drafts.get(grid.code)!;
      const partTimers = grid.households >= 300 ? 2 : grid.households >= 150 ? 1 : 0;
      const gaps = rota ? rota.gaps : [];
      for (let p = 0; p < partTimers; p++) {
        // Urban part-timers take the halves the full-time rota leaves open, alternating.
        const mine = gaps.filter((_, k) => k % partTimers === p);
        let week: (ShiftSpan | null)[];
        let label: string;
        if (mine.length > 0) {
          week = Array.from({ length: 7 }, () => null);
          for (const gap of mine) week[gap.day] = gap.span;
          label = '兼职补岗';
        } else if (p === 0) {
          const a = below(5);
          week = onDays([a, (a + 2) % 5], { start: h(18, 30), end: h(21) });
          label = '兼职晚班';
        } else {
          week = onDays([5, 6], { start: h(9), end: h(12) });
          label = '兼职周末班';
        }
        list.push({ kind: 'part_time', grids: own, shift: shift(label, week) });
      }
      const volunteers = Math.max(1, roundRandom(grid.households / HOUSEHOLDS_PER_VOLUNTEER));
      for (let v = 0; v < volunteers; v++) {
        if (random() < 0.3) {
          list.push({ kind: 'party_volunteer', grids: own, shift: shift('平安夜巡', onDays([4, 5], { start: h(20), end: h(0, 30) })) });
        } else {
          const a = below(7);
          list.push({ kind: 'party_volunteer', grids: own, shift: shift('党员志愿服务', onDays([a, (a + 3) % 7], { start: h(19), end: h(21) })) });
        }
      }
      if (random() < CADRE_SHARE) {
        list.push({ kind: 'cadre', grids: own, shift: shift('下沉日', onDays([below(5), 5], { start: h(14, 30), end: h(17, 30) })) });
      }
      if (grid.areaType === 'urban') {
        list.push({ kind: 'building_head', grids: own, shift: shift('楼栋值守', onDays([0, 1, 2, 3, 4, 5, 6], { start: h(19), end: h(20, 30) })) });
      }
    }

    for (const grid of grids) {
      drafts.get(grid.code)!.forEach((d, seq) => {
        const given2 = random() < 0.7 ? below(GIVEN.length) + 1 : 0;
        rows.home.push(gridIndex.get(grid.code)!);
        rows.seq.push(seq);
        rows.kind.push(KIND_INDEX[d.kind]);
        rows.name.push(below(SURNAMES.length) | (below(GIVEN.length) << 8) | (given2 << 16));
        rows.phonePrefix.push(below(PHONE_PREFIXES.length));
        rows.phoneNumber.push(below(100_000_000));
        rows.shift.push(shiftOf.get(d.shift)!);
        rows.grids.push(d.grids);
      });
    }
  }
  const columns: RosterColumns = {
    model,
    gridCodes,
    home: Int32Array.from(rows.home),
    seq: Uint8Array.from(rows.seq),
    kind: Uint8Array.from(rows.kind),
    name: Uint32Array.from(rows.name),
    phonePrefix: Uint8Array.from(rows.phonePrefix),
    phoneNumber: Uint32Array.from(rows.phoneNumber),
    shift: Uint16Array.from(rows.shift),
    shifts,
    grids: rows.grids,
  };
  return new Roster(columns, vacancies);
}

function pairs<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += 2) out.push(items.slice(i, i + 2));
  return out;
}

function onDays(days: number[], span: ShiftSpan): (ShiftSpan | null)[] {
  return Array.from({ length: 7 }, (_, d) => (days.includes(d) ? span : null));
}

const weekdays = (span: ShiftSpan) => onDays([0, 1, 2, 3, 4], span);

function fiveDays(span: ShiftSpan, restStart: number): (ShiftSpan | null)[] {
  return Array.from({ length: 7 }, (_, d) => (d === restStart || d === (restStart + 1) % 7 ? null : span));
}

interface Gap {
  day: number;
  span: ShiftSpan;
}

/**
 * 早晚轮班 for the `k` full-timers of an urban community: each works five days; on each day the
 * ones working alternate early and late. Halves left open (a day with fewer than two at work) are
 * returned as gaps for the part-timers, sized to meet the shift that is covered.
 */
function urbanRota(k: number, rest: (j: number) => number): { weeks: (ShiftSpan | null)[][]; gaps: Gap[] } {
  const weeks = Array.from({ length: k }, () => Array.from({ length: 7 }, (): ShiftSpan | null => null));
  const gaps: Gap[] = [];
  for (let day = 0; day < 7; day++) {
    const working: number[] = [];
    for (let j = 0; j < k; j++) if (day !== rest(j) && day !== (rest(j) + 1) % 7) working.push(j);
    working.forEach((j, n) => (weeks[j]![day] = (n + day) % 2 === 0 || working.length === 1 ? EARLY : LATE));
    const early = working.some((j) => weeks[j]![day] === EARLY);
    const late = working.some((j) => weeks[j]![day] === LATE);
    if (!early) gaps.push({ day, span: late ? { start: h(7), end: h(13, 30) } : { start: h(7), end: h(14, 30) } });
    if (!late) gaps.push({ day, span: early ? { start: h(15, 30), end: h(22) } : { start: h(14, 30), end: h(22) } });
  }
  return { weeks, gaps };
}
