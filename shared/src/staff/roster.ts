import type { CityModel } from '../city/cityModel.js';
import { beijingTime, shiftCovers, type Shift } from './shifts.js';
import { prefixRange } from '../city/codeRange.js';

/**
 * 队伍: the staffing roster of every grid cell, generated deterministically from the city model.
 *
 * Numbers chosen (per grid cell unless said otherwise), and why:
 * - 网格长 grid_chief: one per community, responsible for all its grids (the community's party
 *   secretary or director usually holds it): 3,306.
 * - 专职网格员 full_time: one per urban/fringe grid; rural grids share one per two grids of the same
 *   village (rural grids are larger but quieter). About 1.5% of the posts are left vacant on
 *   purpose (never a whole community), so 配备率 is not always 100%: ≈ 13,300 in all.
 * - 兼职网格员 part_time: by households, 2 from 300 households, 1 from 150, else none (every urban
 *   grid has two, most rural grids none): ≈ 19,900.
 * - 党员骨干 party_volunteer: one per 250 households (randomised rounding), at least one per grid
 *   ("every grid has a party organisation"): ≈ 20,700.
 * - 下沉干部 cadre: Zhengzhou reports 27,000 cadres for ~70,000 real grids (micro-grids included);
 *   our 16,599 cells are community-grid sized, so 80% of them get one: ≈ 13,300.
 * - 楼栋长 building_head: only the head of each urban grid's 楼栋长 group is on the roster (the other
 *   building heads are residents without shifts): one per urban grid, 6,914.
 * Total ≈ 77,000 people for 12.3 million residents.
 *
 * Shifts (Beijing time): full-time workers of an urban community share a rota of 早班 07:00–15:30
 * and 晚班 13:30–22:00, five days a week with staggered rest days; on days the rota leaves a half
 * uncovered, the grid's part-timers take it, so every urban grid has somebody on duty 07:00–22:00
 * (with the 网格长 and the community's other full-time workers, A/B岗, as stand-ins). Fringe and rural
 * full-timers work 日班 08:30–17:30 five days a week (weekend duty on a rota); the 网格长 works
 * Monday–Friday 08:30–17:30; part-timers, volunteers, cadres and building heads have short
 * evening or weekend shifts; some volunteers walk a night patrol 20:00–00:30 on Friday and Saturday.
 */
export const WORKER_KINDS = ['grid_chief', 'full_time', 'part_time', 'party_volunteer', 'cadre', 'building_head'] as const;
export type WorkerKind = (typeof WORKER_KINDS)[number];

export const WORKER_KIND_NAMES: Record<WorkerKind, string> = {
  grid_chief: '网格长',
  full_time: '专职网格员',
  part_time: '兼职网格员',
  party_volunteer: '党员骨干',
  cadre: '下沉干部',
  building_head: '楼栋长',
};

export interface Worker {
  /** Position in `roster.workers`; workers are ordered by home grid, so an area's workers are contiguous. */
  readonly index: number;
  /** `W` + home grid code + two digits, stable for the same model and seed. */
  readonly id: string;
  readonly name: string;
  readonly kind: WorkerKind;
  /** Grid codes served; the first is the home grid (a 网格长 serves every grid of the community). */
  readonly grids: readonly string[];
  readonly community: string;
  readonly street: string;
  readonly district: string;
  /** Personal data: never sent to clients unmasked (see `maskPhone`). */
  readonly phone: string;
  /** Shared between workers with the same pattern. */
  readonly shift: Shift;
}

export interface AreaStaffCounts {
  code: string;
  byKind: Record<WorkerKind, number>;
  workers: number;
  grids: number;
  /** Grids without an assigned 专职网格员 (the complement of 配备率). */
  gridsWithoutFullTime: number;
}

/** 138****5678 */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****';
}

/** 王女士 → 王**: the surname, then one star per further character (at least one). */
export function maskName(name: string): string {
  const chars = [...name];
  return `${chars[0] ?? ''}${'*'.repeat(Math.max(1, chars.length - 1))}`;
}

// Names: the commonest surnames of Henan, weighted roughly by frequency, and given-name characters.
export const SURNAMES = '王王王王李李李李张张张张刘刘刘陈陈杨杨赵赵黄周吴徐孙胡朱高林何郭郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
export const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红鹏辉玲丹宁浩凯宇晨欣怡子涵梓轩雨婷佳琪志国海燕春梅文博俊峰振晓东立新卫建淑珍永亚楠';
export const PHONE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158', '159', '166', '176', '177', '180', '181', '182', '185', '186', '187', '188', '189', '191', '198', '199'];

/**
 * The roster as columns (about 20 bytes a worker): a `Worker` is a two-field view over them, and
 * its strings are made when read. Plain objects cost about 280 bytes a worker (22 MB for the city).
 */
export interface RosterColumns {
  model: CityModel;
  gridCodes: readonly string[];
  /** Home grid index, ascending. */
  home: Int32Array;
  /** Two-digit sequence in the home grid (the id suffix). */
  seq: Uint8Array;
  kind: Uint8Array;
  /** surname | given1 << 8 | (given2 + 1) << 16, indexes into SURNAMES and GIVEN (0: one-character given name). */
  name: Uint32Array;
  phonePrefix: Uint8Array;
  phoneNumber: Uint32Array;
  shift: Uint16Array;
  shifts: readonly Shift[];
  /** Grid lists, shared between workers serving the same grids. */
  grids: (readonly string[])[];
}

class WorkerView implements Worker {
  readonly #c: RosterColumns;

  constructor(
    columns: RosterColumns,
    readonly index: number,
  ) {
    this.#c = columns;
  }

  get id(): string {
    return `W${this.#c.gridCodes[this.#c.home[this.index]!]}${String(this.#c.seq[this.index]).padStart(2, '0')}`;
  }
  get name(): string {
    const packed = this.#c.name[this.index]!;
    const second = packed >>> 16;
    return SURNAMES[packed & 0xff]! + GIVEN[(packed >>> 8) & 0xff]! + (second ? GIVEN[second - 1]! : '');
  }
  get kind(): WorkerKind {
    return WORKER_KINDS[this.#c.kind[this.index]!]!;
  }
  get grids(): readonly string[] {
    return this.#c.grids[this.index]!;
  }
  get community(): string {
    return this.#c.model.node(this.#c.gridCodes[this.#c.home[this.index]!]!)!.parent!;
  }
  get street(): string {
    return this.#c.model.node(this.community)!.parent!;
  }
  get district(): string {
    return this.#c.model.node(this.street)!.parent!;
  }
  get phone(): string {
    return PHONE_PREFIXES[this.#c.phonePrefix[this.index]!]! + String(this.#c.phoneNumber[this.index]).padStart(8, '0');
  }
  get shift(): Shift {
    return this.#c.shifts[this.#c.shift[this.index]!]!;
  }
  /** Logs and accidental `res.json(worker)` get the phone masked. */
  toJSON(): Worker {
    const { index, id, name, kind, grids, community, street, district, phone, shift } = this;
    return { index, id, name, kind, grids, community, street, district, phone: maskPhone(phone), shift };
  }
}

export class Roster {
  /** Ordered by home grid code (so an area's workers are contiguous); ids are unique. */
  readonly workers: readonly Worker[];
  /** Grid codes left without a 专职网格员 on purpose. */
  readonly vacancies: readonly string[];
  readonly model: CityModel;
  /** Sorted grid codes; a grid's number in the typed arrays is its index here. */
  readonly gridCodes: readonly string[];
  private readonly columns: RosterColumns;
  private readonly gridIndex: Map<string, number>;
  /** Workers serving each grid: members[memberStart[g] .. memberStart[g + 1]). */
  private readonly memberStart: Int32Array;
  private readonly members: Int32Array;
  private readonly hasFullTime: Uint8Array;
  /** Workers by home grid and kind, for area counts by range sums. */
  private readonly homeCounts: Uint16Array;

  constructor(columns: RosterColumns, vacancies: string[]) {
    this.columns = columns;
    this.model = columns.model;
    this.gridCodes = columns.gridCodes;
    this.vacancies = vacancies;
    this.gridIndex = new Map(this.gridCodes.map((c, i) => [c, i]));
    const size = columns.home.length;
    this.workers = Array.from({ length: size }, (_, i) => new WorkerView(columns, i));
    const gridCount = this.gridCodes.length;
    this.homeCounts = new Uint16Array(gridCount * WORKER_KINDS.length);
    const cursor = new Int32Array(gridCount + 1);
    for (let i = 0; i < size; i++) {
      if (i > 0 && columns.home[i]! < columns.home[i - 1]!) throw new Error('workers must be ordered by home grid');
      this.homeCounts[columns.home[i]! * WORKER_KINDS.length + columns.kind[i]!]!++;
      for (const code of columns.grids[i]!) cursor[this.indexOfGrid(code) + 1]!++;
    }
    for (let g = 0; g < gridCount; g++) cursor[g + 1]! += cursor[g]!;
    this.memberStart = cursor.slice();
    this.members = new Int32Array(cursor[gridCount]!);
    this.hasFullTime = new Uint8Array(gridCount);
    const fullTime = WORKER_KINDS.indexOf('full_time');
    for (let i = 0; i < size; i++) {
      for (const code of columns.grids[i]!) {
        const g = this.gridIndex.get(code)!;
        this.members[cursor[g]!++] = i;
        if (columns.kind[i] === fullTime) this.hasFullTime[g] = 1;
      }
    }
  }

  get gridCount(): number {
    return this.gridCodes.length;
  }

  byId(id: string): Worker | undefined {
    const match = /^W(\d{15})(\d{2})$/.exec(id);
    const g = match ? this.gridIndex.get(match[1]!) : undefined;
    if (g === undefined) return undefined;
    const seq = Number(match![2]);
    const [from, to] = this.workerRangeOfGrids(g, g + 1);
    for (let i = from; i < to; i++) if (this.columns.seq[i] === seq) return this.workers[i];
    return undefined;
  }

  /** Everyone serving the grid: its own workers, the community's 网格长, a shared rural full-timer. */
  byGrid(gridCode: string): Worker[] {
    const g = this.gridIndex.get(gridCode);
    if (g === undefined) return [];
    const out: Worker[] = [];
    for (let k = this.memberStart[g]!; k < this.memberStart[g + 1]!; k++) out.push(this.workers[this.members[k]!]!);
    return out;
  }

  onDuty(worker: Worker, ms: number): boolean {
    const { weekday, minute } = beijingTime(ms);
    return shiftCovers(worker.shift, weekday, minute);
  }

  /** Allocation-free on-duty test by index, for loops over many workers at one instant. */
  onDutyAt(index: number, weekday: number, minute: number): boolean {
    return shiftCovers(this.columns.shifts[this.columns.shift[index]!]!, weekday, minute);
  }

  kindAt(index: number): WorkerKind {
    return WORKER_KINDS[this.columns.kind[index]!]!;
  }

  /**
   * Who answers for the grid now: its own 专职网格员, else another full-timer of the community on
   * duty (A/B岗, nearest grid first), else the 网格长, else one of the grid's part-timers; null if
   * nobody is on duty.
   */
  onDutyWorker(gridCode: string, ms: number): Worker | null {
    const g = this.gridIndex.get(gridCode);
    if (g === undefined) return null;
    const { weekday, minute } = beijingTime(ms);
    const on = (i: number) => this.onDutyAt(i, weekday, minute);
    const is = (i: number, kind: WorkerKind) => this.columns.kind[i] === KIND_INDEX[kind];
    const from = this.memberStart[g]!;
    const to = this.memberStart[g + 1]!;
    for (let k = from; k < to; k++) if (is(this.members[k]!, 'full_time') && on(this.members[k]!)) return this.workers[this.members[k]!]!;
    const [first, end] = this.workerRange(gridCode.slice(0, 12)) ?? [0, 0];
    let colleague = -1;
    let distance = Infinity;
    for (let i = first; i < end; i++) {
      if (!is(i, 'full_time') || !on(i)) continue;
      const d = Math.abs(this.columns.home[i]! - g);
      if (d < distance) [colleague, distance] = [i, d];
    }
    if (colleague >= 0) return this.workers[colleague]!;
    for (const kind of ['grid_chief', 'part_time'] as const) {
      for (let k = from; k < to; k++) if (is(this.members[k]!, kind) && on(this.members[k]!)) return this.workers[this.members[k]!]!;
    }
    return null;
  }

  indexOfGrid(gridCode: string): number {
    const g = this.gridIndex.get(gridCode);
    if (g === undefined) throw new Error(`grid ${gridCode} is not in the city model`);
    return g;
  }

  homeGridOf(workerIndex: number): number {
    return this.columns.home[workerIndex]!;
  }

  /** [first, end) grid indexes inside an area (any level), or undefined for an unknown code. */
  gridRange(code: string): [number, number] | undefined {
    const node = this.model.node(code);
    if (!node) return undefined;
    const prefix = node.level === 'city' ? code.slice(0, 4) : code;
    return prefixRange(this.gridCodes, prefix);
  }

  /** [first, end) worker indexes whose home grid lies inside the area. */
  workerRange(code: string): [number, number] | undefined {
    const grids = this.gridRange(code);
    return grids && this.workerRangeOfGrids(...grids);
  }

  private workerRangeOfGrids(fromGrid: number, toGrid: number): [number, number] {
    const home = this.columns.home;
    const first = (g: number) => {
      let lo = 0;
      let hi = home.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (home[mid]! < g) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    return [first(fromGrid), first(toGrid)];
  }

  /**
   * Workers by kind in an area. Above the grid a worker counts once, at their home grid; for one
   * grid, everyone serving it counts (its community's 网格长 and a shared rural full-timer included).
   */
  countsFor(code: string): AreaStaffCounts | undefined {
    const range = this.gridRange(code);
    if (!range) return undefined;
    const byKind = Object.fromEntries(WORKER_KINDS.map((k) => [k, 0])) as Record<WorkerKind, number>;
    const [from, to] = range;
    if (this.model.node(code)!.level === 'grid') {
      for (let k = this.memberStart[from]!; k < this.memberStart[from + 1]!; k++) byKind[this.kindAt(this.members[k]!)]++;
    } else {
      for (let g = from; g < to; g++) WORKER_KINDS.forEach((kind, i) => (byKind[kind] += this.homeCounts[g * WORKER_KINDS.length + i]!));
    }
    let without = 0;
    for (let g = from; g < to; g++) without += 1 - this.hasFullTime[g]!;
    return { code, byKind, workers: Object.values(byKind).reduce((a, b) => a + b, 0), grids: to - from, gridsWithoutFullTime: without };
  }

  hasFullTimeWorker(gridIndex: number): boolean {
    return this.hasFullTime[gridIndex] === 1;
  }
}

/** Kind → its number in the columns. */
export const KIND_INDEX = Object.fromEntries(WORKER_KINDS.map((k, i) => [k, i])) as Record<WorkerKind, number>;

