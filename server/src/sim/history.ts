import { applyAction, type ActContext, type SlaDeadlines } from '../../../shared/src/cases/caseActions.js';
import type { CaseEvent } from '../../../shared/src/cases/caseEvent.js';
import type { Case } from '../../../shared/src/cases/caseModel.js';
import type { Action } from '../../../shared/src/cases/lifecycle.js';
import { dispatchTarget } from '../../../shared/src/cases/dispatchRules.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { levelOfCode } from '../../../shared/src/city/codes.js';
import type { AreaResolver } from '../../../shared/src/city/resolver.js';
import type { Roster } from '../../../shared/src/staff/roster.js';
import { createRandom } from '../../../shared/src/util/prng.js';
import { createIdGenerator } from '../cases/caseId.js';
import { CasePlacer } from '../cases/caseIngest.js';
import { formatShanghai } from '../store/caseRow.js';
import type { CaseStore } from '../store/caseStore.js';
import { historyRows, type HistoryRows } from '../store/historyRows.js';
import { HistoryThread } from './historyThread.js';
import { CASES_PER_DAY, HOURLY_WEIGHT, PARTY_HANDLER_SHARE, REJECT_SHARE } from './simProfile.js';
import { CaseGenerator, actionRequest, nextStep, simulatedActor, stageDelay } from './simulator.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const MEAN_WEIGHT = HOURLY_WEIGHT.reduce((a, b) => a + b, 0) / 24;
/** Cases per store call: one transaction each, written while the next batch is generated. */
const BATCH = 1_000;
/**
 * Share of cases whose handling stalls for days (a unit waiting for parts, a dispute that drags):
 * they close late or are still open past their deadline, as the published reports show (按期结案率
 * in the high 90s, a few hundred 超期未结 across the city).
 */
export const STALL_SHARE = 0.025;
/** How long a stalled case's handling takes, days [min, max]. */
const STALL_DAYS: [number, number] = [1, 8];

export interface HistoryPlan {
  /** Days of history, ending at `end`. */
  days: number;
  /** Epoch ms: the history covers [end − days, end); stages later than `end` have not happened yet. */
  end: number;
  seed: string;
  /**
   * Worker threads generating days beside the main thread (historyThread.ts); 0 or unset: the main
   * thread alone. Each loads the default city (fixtures/city) and applies the default SLA rules, so
   * only a caller with those may ask for them; the days are the same on any thread.
   */
  threads?: number;
}

/** What a thread needs to generate days. */
export interface HistoryEnv {
  model: CityModel;
  resolver: AreaResolver;
  sla: SlaDeadlines;
  roster: Roster;
}

export interface HistoryDeps extends HistoryEnv {
  store: CaseStore;
}

export interface HistoryResult {
  cases: number;
  events: number;
  /** Cases still open at the end (not closed, not rejected). */
  open: number;
  ms: number;
}

/** One day of history: its batches of rows (BATCH cases each, historyRows.ts) and counts. */
export interface HistoryDay {
  rows: HistoryRows[];
  cases: number;
  events: number;
  open: number;
}

/**
 * Writes `plan.days` of simulated history into an empty store, so that a fresh installation has
 * periods to compare (环比) and a month to analyse: the simulator's generator at its volume and
 * day/night curve, each case checked and placed like every ingested one (CasePlacer.place), then
 * moved through the closed loop by the same pure rules the server applies (applyAction: SLA
 * deadlines, one-key dispatch by the rule table, escalation, return, extension, rework) with the
 * simulator's delays and exception rates, up to `end`. Each day is drawn from its own seed
 * (`history:<seed>:<day>`), so days can be generated on several threads; they reach the store in
 * time order (ids sort by report time, so seq order is time order), in batches (insertHistoryRows),
 * with at most `threads + 2` days generated ahead of the store, between the store's beginHistory
 * and endHistory (a failure discards what was written). Deterministic: the same seed, days and end
 * give the same cases, ids and events, whatever the threads.
 */
export async function writeHistory(deps: HistoryDeps, plan: HistoryPlan): Promise<HistoryResult> {
  const started = Date.now();
  const result: HistoryResult = { cases: 0, events: 0, open: 0, ms: 0 };
  const here = new HistoryDays(deps, plan);
  const threads = Array.from({ length: Math.max(0, Math.min(plan.threads ?? 0, Math.ceil(plan.days) - 1)) }, () => new HistoryThread(plan));
  const ahead = threads.length + 2;
  const slots: Promise<HistoryDay>[] = [];
  const idle = [...threads];
  let next = 0;
  let written = 0;
  const assign = () => {
    while (idle.length > 0 && next < plan.days && next - written < ahead) {
      const thread = idle.pop()!;
      const day = next++;
      slots[day] = thread.day(day).finally(() => {
        idle.push(thread);
        assign();
      });
      slots[day].catch(() => {}); // awaited in order below; a failure surfaces there
    }
  };
  let writing: Promise<void> = Promise.resolve();
  // From here until endHistory the store holds an unfinished history (SQLite: without its indexes).
  await deps.store.beginHistory();
  try {
    for (; written < plan.days; written++) {
      assign();
      // The main thread generates too: the day to write next if no thread has it, else one ahead.
      if (next === written || (next < plan.days && next - written < ahead)) {
        const day = next++;
        slots[day] = Promise.resolve(here.day(day));
      }
      const day = await slots[written]!;
      delete slots[written];
      await writing; // the store holds at most one day's batches while the next is generated
      writing = day.rows.reduce<Promise<void>>((before, rows) => before.then(() => deps.store.insertHistoryRows(rows)), Promise.resolve());
      writing.catch(() => {}); // awaited above or below
      result.cases += day.cases;
      result.events += day.events;
      result.open += day.open;
    }
    await writing;
    await deps.store.endHistory();
  } catch (error) {
    // No half history is left for the live state: the rows written so far go, the indexes come back.
    await writing.catch(() => {});
    await deps.store.discardUnfinishedHistory();
    throw error;
  } finally {
    await Promise.all(threads.map((t) => t.close()));
  }
  result.ms = Date.now() - started;
  return result;
}

/** Generates days of history on this thread: each from its own seed, the same on any thread. */
export class HistoryDays {
  private readonly generator: CaseGenerator;
  private readonly placer: CasePlacer;
  private readonly start: number;
  private reportedMs = 0;
  private random: () => number = () => 0;
  private readonly loop: LoopContext;

  constructor(
    private readonly env: HistoryEnv,
    private readonly plan: Pick<HistoryPlan, 'days' | 'end' | 'seed'>,
  ) {
    this.start = plan.end - plan.days * DAY_MS;
    this.generator = new CaseGenerator(env.model, () => this.random());
    const idBytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(this.random() * 256));
    this.placer = new CasePlacer({ resolver: env.resolver, model: env.model, clock: { now: () => plan.end }, sla: env.sla, newId: createIdGenerator(() => this.reportedMs, idBytes) });
    this.loop = new LoopContext(env);
  }

  /** Day `index` (0: the first) as rows in batches. */
  day(index: number): HistoryDay {
    const random = createRandom(`history:${this.plan.seed}:${index}`);
    this.random = random;
    this.generator.reseed(random, createRandom(`history:${this.plan.seed}:${index}:party`));
    const out: HistoryDay = { rows: [], cases: 0, events: 0, open: 0 };
    let batch: { case: Case; events: CaseEvent[] }[] = [];
    const from = this.start + index * DAY_MS;
    const to = Math.min(from + DAY_MS, this.plan.end);
    let carry = 0;
    for (let minute = from; minute < to; minute += MINUTE_MS) {
      const hour = new Date(minute + 8 * 3_600_000).getUTCHours();
      carry += (CASES_PER_DAY / 1440) * (HOURLY_WEIGHT[hour]! / MEAN_WEIGHT);
      const count = Math.floor(carry);
      carry -= count;
      const offsets = Array.from({ length: count }, () => Math.floor(random() * MINUTE_MS)).sort((a, b) => a - b);
      for (const offset of offsets) {
        const reportedMs = minute + offset;
        if (reportedMs >= to) continue;
        this.reportedMs = reportedMs;
        const input = this.generator.makeInput(reportedMs);
        const prepared = this.placer.place({ ...input, urgency: input.urgency ?? 'normal' });
        if ('errors' in prepared) throw new Error(`history: a generated case was refused: ${JSON.stringify(prepared.errors)}`);
        const item = this.loop.run(prepared.case, reportedMs, this.plan.end, random);
        out.cases++;
        out.events += item.events.length;
        if (item.case.status !== 'closed' && item.case.status !== 'rejected') out.open++;
        batch.push(item);
        if (batch.length >= BATCH) {
          out.rows.push(historyRows(batch));
          batch = [];
        }
      }
    }
    if (batch.length > 0) out.rows.push(historyRows(batch));
    return out;
  }
}

/**
 * The closed loop's context, made once and updated per action (applyAction reads it during the
 * call and keeps nothing): no context object or routing closure per action or case.
 */
class LoopContext {
  private readonly ctx: ActContext;

  constructor(private readonly env: HistoryEnv) {
    const roster = env.roster;
    this.ctx = {
      now: 0,
      actor: { id: '', role: 'operator' },
      actorLevel: 'city',
      areaType: 'urban',
      sla: env.sla,
      routeDispatch: (target: Case) => {
        const r = dispatchTarget({ category: target.category, subcategory: target.subcategory, urgency: target.urgency, grid: target.area.grid }, roster, this.ctx.now);
        return { assignee: r.assignee, rule: `${r.assigneeName}（规则 ${r.rule}${r.fallback ? `，替补 ${r.fallback}` : ''}）` };
      },
      format: formatShanghai,
      parse: Date.parse,
    };
  }

  /** A new case moved through the loop by the simulator's people, as far as `end`. */
  run(reported: Case, reportedMs: number, end: number, random: () => number): { case: Case; events: CaseEvent[] } {
    const { model } = this.env;
    const ctx = this.ctx;
    const events: CaseEvent[] = [];
    ctx.areaType = model.node(reported.area.grid)?.areaType ?? 'urban';
    const stalled = random() < STALL_SHARE;
    let c = reported;
    let action: Action = random() < REJECT_SHARE ? 'reject' : 'register';
    let at = reportedMs + stageDelay('registered', random);
    while (at <= end) {
      const now = Math.round(at);
      const { actor, actorScope } = simulatedActor(c, action, model.cityCode);
      const level = levelOfCode(actorScope);
      if (level === 'building') break;
      ctx.now = now;
      ctx.actor = actor;
      ctx.actorLevel = level;
      const outcome = applyAction(c, actionRequest(action, action === 'handle' && partyHandled(c.id, events.length)), ctx);
      if (!outcome.ok) throw new Error(`history: ${action} refused for case ${c.id} in ${c.status}: ${outcome.message}`);
      c = outcome.case;
      events.push(outcome.event);
      const next = nextStep(c, random);
      if (!next) break;
      action = next.action;
      const stall = stalled && action === 'handle' && c.reworks === 0 ? (STALL_DAYS[0] + random() * (STALL_DAYS[1] - STALL_DAYS[0])) * DAY_MS : 0;
      at = now + next.delayMs + stall;
    }
    return { case: c, events };
  }
}

/**
 * 党建引领: whether a party member did this handling, at the live simulator's rate
 * (PARTY_HANDLER_SHARE). Drawn from the case and the step, not from the history's stream, so the
 * other draws stay as they were and the history stays deterministic.
 */
export function partyHandled(caseId: string, step: number): boolean {
  return createRandom(`history:party:${caseId}:${step}`)() < PARTY_HANDLER_SHARE;
}
