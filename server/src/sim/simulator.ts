import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { toLonLat } from '../../../shared/src/city/topology.js';
import { bboxOf, containsPoint, type MultiPolygonCoords } from '../../../shared/src/geo/planar.js';
import { CATEGORIES } from '../../../shared/src/cases/categories.js';
import type { ActionRequest } from '../../../shared/src/cases/caseActions.js';
import { URGENCIES, handlingArea, type Case, type CaseInput, type CaseStatus, type Stage } from '../../../shared/src/cases/caseModel.js';
import type { Action } from '../../../shared/src/cases/lifecycle.js';
import { createRandom } from '../../../shared/src/util/prng.js';
import type { CaseIngest, Clock } from '../cases/caseIngest.js';
import type { ActionItem, CaseLoop } from '../cases/caseLoop.js';
import { formatShanghai } from '../store/caseRow.js';
import { MinHeap } from '../live/minHeap.js';
import type { Scheduler } from '../live/liveHub.js';
import type { CaseStore } from '../store/caseStore.js';
import { CASES_PER_DAY, CHANNEL_SHARE, EXCEPTION_SHARE, HOTSPOTS, HOURLY_WEIGHT, PARTY_HANDLER_SHARE, PARTY_REPORTER_SHARE, REJECT_SHARE, STAGE_DELAY_MIN, URGENCY_SHARE, channelsInOrder } from './simProfile.js';

/** The simulator acts once a second. */
const STEP_MS = 1000;
/** Cases whose next step is scheduled, at most (a ×1000 load run leaves the rest open). */
const MAX_SCHEDULED = 200_000;
const MEAN_WEIGHT = HOURLY_WEIGHT.reduce((a, b) => a + b, 0) / 24;

export interface SimulatorOptions {
  /** Multiplies the realistic volume (1 = a real day's 7,400 cases). */
  rate: number;
  seed: string;
}

function pickWeighted<T>(items: readonly T[], weights: readonly number[], r: number): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = r * total;
  for (let i = 0; i < items.length; i++) {
    x -= weights[i]!;
    if (x <= 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

/**
 * The simulator's case generator: realistic case inputs (category mix, channels, urgency, points
 * clustered around hot spots and weighted by households) from a seeded random stream. The live
 * simulator and the history written at first start (history.ts) share it.
 */
export class CaseGenerator {
  private readonly cells: { code: string; weight: number }[];
  private readonly cumulative: Float64Array;
  private readonly shapes = new Map<string, { shape: MultiPolygonCoords; box: ReturnType<typeof bboxOf> }>();

  constructor(
    private readonly model: CityModel,
    private random: () => number,
    /** Party membership of reporters: a stream of its own, so the cases, places and delays stay those of the seed. */
    private partyRandom: () => number = createRandom('case-generator:party'),
  ) {
    // Cell weight: households, times the pull of nearby hot spots.
    this.cells = model.nodesAt('grid').map((g) => {
      let pull = 1;
      for (const h of HOTSPOTS) {
        const d = Math.hypot((g.centroid[0] - h.lon) * 91, (g.centroid[1] - h.lat) * 111);
        pull += h.weight * Math.exp(-(d * d) / 2);
      }
      return { code: g.code, weight: g.households * pull };
    });
    this.cumulative = new Float64Array(this.cells.length);
    let sum = 0;
    this.cells.forEach((c, i) => (this.cumulative[i] = sum += c.weight));
  }

  /** Draws from these streams from now on (the history seeds each day's own), keeping the cells and decoded shapes. */
  reseed(random: () => number, partyRandom: () => number): void {
    this.random = random;
    this.partyRandom = partyRandom;
  }

  makeInput(now: number): CaseInput {
    const r = this.random;
    const cell = this.pickCell();
    const category = pickWeighted(CATEGORIES, CATEGORIES.map((c) => c.share), r());
    const sub = category.subcategories[Math.floor(r() * category.subcategories.length)]!;
    const channel = pickWeighted(channelsInOrder, channelsInOrder.map((c) => CHANNEL_SHARE[c]), r());
    const [lon, lat] = this.pointIn(cell);
    const community = this.model.node(cell.slice(0, 12))!;
    return {
      channel,
      category: category.code,
      subcategory: sub.code,
      urgency: pickWeighted(URGENCIES, URGENCIES.map((u) => URGENCY_SHARE[u]), r()),
      lon,
      lat,
      description: `${community.name}${['附近', '路口', '小区门口', '沿街', '背街小巷'][Math.floor(r() * 5)]}${sub.name}`,
      ...(channel === 'hotline_12345' || channel === 'citizen_app' ? { reporter: { name: `市民${Math.floor(r() * 9000 + 1000)}`, phone: `1${Math.floor(r() * 9e9 + 3e9)}` } } : {}),
      ...(this.partyRandom() < PARTY_REPORTER_SHARE[channel] ? { reporterIsPartyMember: true } : {}),
      reportedAt: formatShanghai(now),
    };
  }

  private pickCell(): string {
    const x = this.random() * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return this.cells[lo]!.code;
  }

  private pointIn(grid: string): [number, number] {
    // Decoding a cell from the topology costs more than the rest of a case: once per cell (≤ 16,600).
    let cell = this.shapes.get(grid);
    if (!cell) {
      const shape = this.model.geometry(grid)!;
      this.shapes.set(grid, (cell = { shape, box: bboxOf(shape) }));
    }
    const { shape, box } = cell;
    for (let i = 0; i < 50; i++) {
      const x = box.minX + this.random() * (box.maxX - box.minX);
      const y = box.minY + this.random() * (box.maxY - box.minY);
      if (containsPoint(shape, x, y)) return toLonLat(this.model.file.transform, [x, y]).map((v) => Math.round(v * 1e6) / 1e6) as [number, number];
    }
    return this.model.node(grid)!.centroid;
  }
}

/**
 * A seeded stand-in for the city's sources: cases arrive at the real daily volume along a
 * day/night curve, with the category mix and channels of practice, clustered around stations,
 * markets and old neighbourhoods, and move through the loop with realistic delays. New cases go
 * through the same ingest path as every other source.
 */
export class Simulator {
  private readonly random: () => number;
  /** 党建引领 draws (reporters' and handlers' membership), apart from the seed's main stream. */
  private readonly partyRandom: () => number;
  private readonly generator: CaseGenerator;
  private readonly due = new MinHeap<{ at: number; id: string; action: Action }>((a, b) => a.at - b.at);
  private stop: (() => void) | null = null;
  private carry = 0;
  private busy = false;
  submitted = 0;

  constructor(
    private readonly deps: { model: CityModel; ingest: CaseIngest; loop: CaseLoop; store: CaseStore; clock: Clock; scheduler: Scheduler },
    private readonly options: SimulatorOptions,
  ) {
    this.random = createRandom(`sim:${options.seed}`);
    // One random stream for the inputs and the loop's delays: the same seed, the same stream as before.
    this.partyRandom = createRandom(`sim:${options.seed}:party`);
    this.generator = new CaseGenerator(deps.model, this.random, this.partyRandom);
  }

  start(): void {
    this.stop ??= this.deps.scheduler.every(STEP_MS, () => void this.step());
  }

  halt(): void {
    this.stop?.();
    this.stop = null;
  }

  /**
   * Picks up the simulated cases (no source) that are open in the store, in place of whatever it
   * had scheduled: each one's next step, derived from its state and the time of its last stage
   * (steps already late are due at once). The leader calls it when it takes over, so the cases
   * that another node's simulator opened (or this process's before a restart) keep moving; the
   * pending steps themselves lived in that node's memory. Answers how many it picked up.
   */
  async resume(): Promise<number> {
    while (this.due.size > 0) this.due.pop();
    const now = this.deps.clock.now();
    let cursor: string | null = null;
    do {
      const page = await this.deps.store.query({ status: [...SIMULATED_STATUSES], limit: 5000, ...(cursor ? { cursor } : {}) });
      for (const c of page.items) {
        if (c.source !== null || this.due.size >= MAX_SCHEDULED) continue;
        const next = resumedStep(c, this.random);
        if (next) this.due.push({ at: Math.max(now, next.at), id: c.id, action: next.action });
      }
      cursor = page.nextCursor;
    } while (cursor);
    return this.due.size;
  }

  /**
   * Plays the last `hours` on a virtual clock, so that a fresh installation opens on a city with a
   * day of history instead of an empty one. The same path as live cases, minute by minute.
   */
  async backfill(hours: number, virtual: { now: number | null }): Promise<void> {
    const end = this.deps.clock.now();
    for (let t = end - hours * 3_600_000; t < end; t += 60_000) {
      virtual.now = t;
      await this.step(60_000);
    }
    virtual.now = null;
  }

  /** Cases per second now, from the daily volume, the hour (UTC+8) and the rate. */
  ratePerSecond(now: number): number {
    const hour = new Date(now + 8 * 3600_000).getUTCHours();
    return ((CASES_PER_DAY / 86_400) * HOURLY_WEIGHT[hour]! * this.options.rate) / MEAN_WEIGHT;
  }

  /** Acts for `elapsedMs` of simulated time at the clock's current time. */
  async step(elapsedMs = STEP_MS): Promise<void> {
    if (this.busy) return; // the store is behind: skip a beat rather than pile up
    this.busy = true;
    try {
      const now = this.deps.clock.now();
      this.carry += this.ratePerSecond(now) * (elapsedMs / 1000);
      const count = Math.floor(this.carry);
      this.carry -= count;
      if (count > 0) await this.report(count, now);
      await this.progress(now);
    } finally {
      this.busy = false;
    }
  }

  makeInput(now: number): CaseInput {
    return this.generator.makeInput(now);
  }

  private async report(count: number, now: number): Promise<void> {
    const inputs = Array.from({ length: count }, () => this.makeInput(now));
    for (let i = 0; i < inputs.length; i += 1000) {
      const results = await this.deps.ingest.submit(inputs.slice(i, i + 1000));
      for (const r of results) {
        if (!('id' in r)) continue;
        this.submitted++;
        if (this.due.size >= MAX_SCHEDULED) continue;
        this.due.push({ at: now + this.delay('registered'), id: r.id, action: this.random() < REJECT_SHARE ? 'reject' : 'register' });
      }
    }
  }

  private delay(stage: Exclude<Stage, 'reported'>): number {
    return stageDelay(stage, this.random);
  }

  /** Takes every action that is due, through the closed loop; schedules each case's next one. */
  private async progress(now: number): Promise<void> {
    const ready: { id: string; action: Action }[] = [];
    while (this.due.size > 0 && this.due.peek()!.at <= now && ready.length < 5000) ready.push(this.due.pop()!);
    if (ready.length === 0) return;
    const items: ActionItem[] = [];
    for (const { id, action } of ready) {
      const c = await this.deps.store.get(id);
      if (c) items.push(this.item(c, action));
    }
    const results = await this.deps.loop.applyAll(items, now);
    results.forEach((r) => {
      if (!r.ok) return; // someone else moved the case (an operator on the wall): leave it to them
      const next = this.nextAction(r.case);
      if (next) this.due.push({ at: now + next.delayMs, id: r.case.id, action: next.action });
    });
  }

  /** What happens to a case next, and after how long (null: the loop is done). */
  private nextAction(c: Case): { action: Action; delayMs: number } | null {
    return nextStep(c, this.random);
  }

  private item(c: Case, action: Action): ActionItem {
    return { case: c, ...simulatedActor(c, action, this.deps.model.cityCode), request: actionRequest(action, action === 'handle' && this.partyRandom() < PARTY_HANDLER_SHARE) };
  }
}

/** A stage's delay after the previous one (ms), uniform in the profile's range. */
export function stageDelay(stage: Exclude<Stage, 'reported'>, random: () => number): number {
  const [lo, hi] = STAGE_DELAY_MIN[stage];
  return (lo + random() * (hi - lo)) * 60_000;
}

/** What happens to a case next, and after how long (null: the loop is done), with the profile's exception rates. */
export function nextStep(c: Case, random: () => number): { action: Action; delayMs: number } | null {
  const r = random();
  const delay = (stage: Exclude<Stage, 'reported'>) => stageDelay(stage, random);
  switch (c.status) {
    case 'registered':
      return r < EXCEPTION_SHARE.escalate ? { action: 'escalate', delayMs: delay('registered') } : { action: 'dispatch', delayMs: delay('dispatched') };
    case 'escalated':
    case 'returned':
      return { action: 'dispatch', delayMs: delay('dispatched') };
    case 'dispatched':
      return r < EXCEPTION_SHARE.return ? { action: 'return', delayMs: delay('accepted') } : { action: 'accept', delayMs: delay('accepted') };
    case 'accepted':
      return c.extensions === 0 && r < EXCEPTION_SHARE.extend ? { action: 'extend', delayMs: delay('accepted') } : { action: 'handle', delayMs: delay('handled') * (c.extensions + 1) };
    case 'rework':
      return { action: 'handle', delayMs: delay('handled') };
    case 'handled':
      return r < EXCEPTION_SHARE.fail ? { action: 'fail', delayMs: delay('verified') } : { action: 'pass', delayMs: delay('verified') };
    case 'verified':
      return { action: 'close', delayMs: delay('closed') };
    default:
      return null;
  }
}

/** The states the simulator moves a case out of (a parked case waits for people). */
const SIMULATED_STATUSES: ReadonlySet<CaseStatus> = new Set(['reported', 'registered', 'escalated', 'returned', 'dispatched', 'accepted', 'rework', 'handled', 'verified']);

/** When a case reached its current stage (epoch ms): the latest of its stage times. */
export function lastStageAt(c: Case): number {
  let last = -Infinity;
  for (const t of Object.values(c.times)) if (t !== null) last = Math.max(last, Date.parse(t));
  return last;
}

/**
 * A stored case's next simulated step and when it is due (epoch ms), from its state and the time
 * of its last stage, as the simulator that opened it would have scheduled it (same profile, not
 * the same draw); null when the loop is done or the case waits for people.
 */
export function resumedStep(c: Case, random: () => number): { at: number; action: Action } | null {
  if (!SIMULATED_STATUSES.has(c.status)) return null;
  const since = lastStageAt(c);
  if (c.status === 'reported') return { at: since + stageDelay('registered', random), action: random() < REJECT_SHARE ? 'reject' : 'register' };
  const next = nextStep(c, random);
  return next ? { at: since + next.delayMs, action: next.action } : null;
}

/** The simulated person taking an action: the assigned grid worker in the field, else the operator of the handling level. */
export function simulatedActor(c: Case, action: Action, cityCode: string): { actor: { id: string; role: 'grid_worker' | 'operator' | 'commander' }; actorScope: string } {
  const field = action === 'accept' || action === 'return' || action === 'handle';
  if (field && c.assignee?.startsWith('W')) return { actor: { id: c.assignee, role: 'grid_worker' }, actorScope: c.area.grid };
  const scope = handlingArea(c, cityCode);
  const role = action === 'extend' ? ('commander' as const) : ('operator' as const);
  return { actor: { id: `sim:${role}:${scope}`, role }, actorScope: scope };
}

/** The request body the simulated person sends for an action (reasons and notes as people write them). */
export function actionRequest(action: Action, partyHandler = false): ActionRequest {
  switch (action) {
    case 'reject':
      return { type: action, reason: '重复上报' };
    case 'escalate':
      return { type: action, reason: '超出本级处置能力，提请上级协调' };
    case 'return':
      return { type: action, reason: '非本单位职责' };
    case 'extend':
      return { type: action, reason: '需多部门协同处置' };
    case 'fail':
      return { type: action, reason: '现场核查未整改到位' };
    case 'park':
      return { type: action, reason: '需纳入计划统筹解决' };
    case 'handle':
      // Absent, the holder's roster entry decides (a 党员骨干 or 下沉干部 is a member).
      return { type: action, note: '已处置完毕，现场照片已上传', ...(partyHandler ? { handlerIsPartyMember: true } : {}) };
    default:
      return { type: action };
  }
}
