import { applyAction, type SlaDeadlines } from '../../../shared/src/cases/caseActions.js';
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
import { CaseIngest } from '../cases/caseIngest.js';
import { formatShanghai } from '../store/caseRow.js';
import type { CaseStore } from '../store/caseStore.js';
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
}

export interface HistoryDeps {
  model: CityModel;
  resolver: AreaResolver;
  store: CaseStore;
  sla: SlaDeadlines;
  roster: Roster;
}

export interface HistoryResult {
  cases: number;
  events: number;
  /** Cases still open at the end (not closed, not rejected). */
  open: number;
  ms: number;
}

/**
 * Writes `plan.days` of simulated history into an empty store, so that a fresh installation has
 * periods to compare (环比) and a month to analyse: the simulator's generator at its volume and
 * day/night curve, each case checked and placed like every ingested one (CaseIngest.prepare), then
 * moved through the closed loop by the same pure rules the server applies (applyAction: SLA
 * deadlines, one-key dispatch by the rule table, escalation, return, extension, rework) with the
 * simulator's delays and exception rates, up to `end`. Cases and their events go to the store in
 * batches (insertHistory). Deterministic: the same seed, days and end give the same cases, ids
 * and events.
 */
export async function writeHistory(deps: HistoryDeps, plan: HistoryPlan): Promise<HistoryResult> {
  const started = Date.now();
  const { model, sla, roster } = deps;
  const random = createRandom(`history:${plan.seed}`);
  const generator = new CaseGenerator(model, random);
  let reportedMs = 0;
  const idBytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  const ingest = new CaseIngest({ store: deps.store, resolver: deps.resolver, model, clock: { now: () => plan.end }, sla, newId: createIdGenerator(() => reportedMs, idBytes) });
  const start = plan.end - plan.days * DAY_MS;
  let batch: { case: Case; events: CaseEvent[] }[] = [];
  let writing: Promise<void> = Promise.resolve();
  const result: HistoryResult = { cases: 0, events: 0, open: 0, ms: 0 };
  const flush = async () => {
    const items = batch;
    batch = [];
    await writing; // one batch in the store while the next is generated
    writing = deps.store.insertHistory(items);
  };

  let carry = 0;
  for (let minute = start; minute < plan.end; minute += MINUTE_MS) {
    const hour = new Date(minute + 8 * 3_600_000).getUTCHours();
    carry += (CASES_PER_DAY / 1440) * (HOURLY_WEIGHT[hour]! / MEAN_WEIGHT);
    const count = Math.floor(carry);
    carry -= count;
    const offsets = Array.from({ length: count }, () => Math.floor(random() * MINUTE_MS)).sort((a, b) => a - b);
    for (const offset of offsets) {
      reportedMs = minute + offset;
      if (reportedMs >= plan.end) continue;
      const input = generator.makeInput(reportedMs);
      const prepared = ingest.place({ ...input, urgency: input.urgency ?? 'normal' });
      if ('errors' in prepared) throw new Error(`history: a generated case was refused: ${JSON.stringify(prepared.errors)}`);
      const item = throughTheLoop(prepared.case, reportedMs, plan.end, random, model, sla, roster);
      result.cases++;
      result.events += item.events.length;
      if (item.case.status !== 'closed' && item.case.status !== 'rejected') result.open++;
      batch.push(item);
      if (batch.length >= BATCH) await flush();
    }
  }
  if (batch.length > 0) await flush();
  await writing;
  result.ms = Date.now() - started;
  return result;
}

/** A new case moved through the loop by the simulator's people, as far as `end`. */
function throughTheLoop(
  reported: Case,
  reportedMs: number,
  end: number,
  random: () => number,
  model: CityModel,
  sla: SlaDeadlines,
  roster: Roster,
): { case: Case; events: CaseEvent[] } {
  const events: CaseEvent[] = [];
  const areaType = model.node(reported.area.grid)?.areaType ?? 'urban';
  const stalled = random() < STALL_SHARE;
  let c = reported;
  let action: Action = random() < REJECT_SHARE ? 'reject' : 'register';
  let at = reportedMs + stageDelay('registered', random);
  let now = 0;
  // One routing function per case, not one per action: each closure made costs its creation and a
  // name (tsx keeps function names), ~5% of the history's time in a CPU profile.
  const routeDispatch = (target: Case) => {
    const r = dispatchTarget({ category: target.category, subcategory: target.subcategory, urgency: target.urgency, grid: target.area.grid }, roster, now);
    return { assignee: r.assignee, rule: `${r.assigneeName}（规则 ${r.rule}${r.fallback ? `，替补 ${r.fallback}` : ''}）` };
  };
  while (at <= end) {
    now = Math.round(at);
    const { actor, actorScope } = simulatedActor(c, action, model.cityCode);
    const level = levelOfCode(actorScope);
    if (level === 'building') break;
    const outcome = applyAction(c, actionRequest(action, action === 'handle' && partyHandled(c.id, events.length)), {
      now,
      actor,
      actorLevel: level,
      areaType,
      sla,
      routeDispatch,
      format: formatShanghai,
      parse: Date.parse,
    });
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

/**
 * 党建引领: whether a party member did this handling, at the live simulator's rate
 * (PARTY_HANDLER_SHARE). Drawn from the case and the step, not from the history's stream, so the
 * other draws stay as they were and the history stays deterministic.
 */
export function partyHandled(caseId: string, step: number): boolean {
  return createRandom(`history:party:${caseId}:${step}`)() < PARTY_HANDLER_SHARE;
}
