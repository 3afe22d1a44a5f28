import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { STAGES, type Case, type Stage } from '../shared/src/cases/caseModel.js';
import type { CityModel } from '../shared/src/city/cityModel.js';
import { AreaResolver } from '../shared/src/city/resolver.js';
import { createRandom } from '../shared/src/util/prng.js';
import { SlaPolicy } from '../shared/src/sla/slaPolicy.js';
import { createIdGenerator } from '../server/src/cases/caseId.js';
import { CaseIngest } from '../server/src/cases/caseIngest.js';
import { formatShanghai } from '../server/src/store/caseRow.js';
import { REJECT_SHARE, STAGE_DELAY_MIN } from '../server/src/sim/simProfile.js';
import { openSqliteCaseStore } from '../server/src/store/sqliteCaseStore.js';
import { loadCity } from '../fixtures/loadCity.js';
import { buildRoster } from '../shared/src/staff/buildRoster.js';
import { writeHistory as writeServerHistory } from '../server/src/sim/history.js';
import { inputMaker, mib, numberArg, round1, type BenchArgs, type Figures } from './benchUtil.js';

const INSERT_BATCH = 5_000;

export interface HistoryPlan {
  total: number;
  /** Report times spread evenly (with jitter) over [from, to), epoch ms. */
  from: number;
  to: number;
  /** Share of cases left as reported (open) instead of moved through the loop. */
  openShare: number;
  /** Loop moves stop at this instant (later stages have not happened yet). */
  now: number;
  seed: string;
  /** Give each registered case its closure deadline (the default SLA rules), as the loop does. */
  deadlines: boolean;
}

/**
 * Writes `plan.total` realistic cases into dataDir/cases.db the way the server stores them: the
 * simulator's generator, the real validation and placement, and each case moved through the loop
 * with the simulator's stage delays up to `plan.now` (with `plan.deadlines`, a registered case
 * gets its closure deadline by the default SLA rules).
 */
export async function writeHistory(model: CityModel, dataDir: string, plan: HistoryPlan): Promise<Figures> {
  const started = performance.now();
  const resolver = AreaResolver.fromModel(model);
  const make = inputMaker(model, plan.seed);
  const random = createRandom(`${plan.seed}-loop`);
  const sla = SlaPolicy.default();
  const store = await openSqliteCaseStore(join(dataDir, 'cases.db'));
  let reportedMs = 0;
  // Ids carry the report time, so seq order is time order.
  const ingest = new CaseIngest({ store, resolver, model, clock: { now: () => Date.now() }, sla, newId: createIdGenerator(() => reportedMs) });
  const spacing = (plan.to - plan.from) / plan.total;
  let insertSeconds = 0;
  let open = 0;
  try {
    await store.migrate();
    for (let done = 0; done < plan.total; ) {
      const batch: Case[] = [];
      for (; batch.length < INSERT_BATCH && done < plan.total; done++) {
        reportedMs = Math.round(plan.from + (done + random()) * spacing);
        const prepared = ingest.prepare(make(reportedMs));
        if ('errors' in prepared) throw new Error(`bench: generated input refused: ${JSON.stringify(prepared.errors)}`);
        const c = random() < plan.openShare ? prepared.case : throughTheLoop(prepared.case, reportedMs, plan.now, random, plan.deadlines ? { sla, model } : null);
        if (c.status !== 'closed' && c.status !== 'rejected') open++;
        batch.push(c);
      }
      const t = performance.now();
      const { inserted } = await store.insert(batch);
      insertSeconds += (performance.now() - t) / 1000;
      if (inserted.length !== batch.length) throw new Error(`bench: ${batch.length - inserted.length} generated cases were not inserted`);
    }
  } finally {
    await store.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const bytes = readdirSync(dataDir).reduce((sum, f) => sum + statSync(join(dataDir, f)).size, 0);
  return {
    'cases stored': plan.total,
    'open cases stored': open,
    'history span (days)': round1((plan.to - plan.from) / 86_400_000),
    'generate + insert (s)': round1(seconds),
    'of which store.insert (s)': round1(insertSeconds),
    'insert cases/s (5,000 a batch)': Math.round(plan.total / insertSeconds),
    'database files (MiB)': mib(bytes / 1024),
  };
}

/** Moves a case through the stages with the simulator's delays, as far as `now`. */
function throughTheLoop(c: Case, reportedMs: number, now: number, random: () => number, rules: { sla: SlaPolicy; model: CityModel } | null): Case {
  const times = { ...c.times };
  let at = reportedMs;
  let status: Case['status'] = 'reported';
  let deadline: string | null = c.deadline;
  for (const stage of STAGES.slice(1) as Exclude<Stage, 'reported'>[]) {
    const [lo, hi] = STAGE_DELAY_MIN[stage];
    at += Math.round((lo + random() * (hi - lo)) * 60_000);
    if (at > now) break;
    if (stage === 'registered' && random() < REJECT_SHARE) {
      status = 'rejected';
      break;
    }
    times[stage] = formatShanghai(at);
    status = stage;
    if (stage === 'registered' && rules) {
      const ctx = { category: c.category, subcategory: c.subcategory, urgency: c.urgency, areaType: rules.model.node(c.area.grid)?.areaType ?? 'urban' };
      deadline = formatShanghai(rules.sla.closureDeadline(ctx, reportedMs));
    }
  }
  return { ...c, status, times, deadline };
}

/** This thread's CPU time so far (s), from /proc (Linux; null elsewhere): utime + stime in clock ticks. */
function mainThreadCpu(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ, 100 on Linux
  } catch {
    return null;
  }
}

/**
 * `npm run bench -- history [--days 30] [--threads N]`: what a fresh installation with the simulator
 * on writes at its first start (server/src/sim/history.ts, HISTORY_DAYS), into a new SQLite store
 * in a temp dir, in this process, with N threads generating days beside the main thread (default:
 * the cores less two, the main thread's and the writer's, as the server does): wall time and CPU time, the process's (process.cpuUsage:
 * the main thread, the generating threads, the store's writer thread and the collector together)
 * and the main thread's (from /proc), and the cases and events written.
 */
export async function benchHistory(args: BenchArgs): Promise<Figures> {
  const days = numberArg(args, 'days', 30);
  const threads = args.threads === '0' ? 0 : numberArg(args, 'threads', Math.max(0, availableParallelism() - 2));
  const city = loadCity();
  const roster = buildRoster(city.model);
  const dir = mkdtempSync(join(tmpdir(), 'cityops-bench-history-'));
  const store = await openSqliteCaseStore(join(dir, 'cases.db'));
  try {
    await store.migrate();
    const resolver = AreaResolver.fromModel(city.model);
    const cpu = process.cpuUsage();
    const mainCpu = mainThreadCpu();
    const t0 = performance.now();
    const written = await writeServerHistory({ model: city.model, resolver, store, sla: SlaPolicy.default(), roster }, { days, end: Date.now(), seed: 'zhengzhou', threads });
    const wall = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(cpu);
    const total = (used.user + used.system) / 1e6;
    const main = mainCpu === null ? null : mainThreadCpu()! - mainCpu;
    return {
      'days of history': days,
      'threads generating beside the main one': threads,
      'cases written': written.cases,
      'lifecycle events written': written.events,
      'open at the end': written.open,
      'wall (s)': round1(wall),
      'CPU, this process (s)': round1(total),
      'CPU, main thread (s)': main === null ? 'n/a' : round1(main),
      'CPU, other threads (s)': main === null ? 'n/a' : round1(total - main),
      'cases/s (wall)': Math.round(written.cases / wall),
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
