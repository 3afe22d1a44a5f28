import type { Case, Stage } from '../../../shared/src/cases/caseModel.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { assess, DEFAULT_ASSESSMENT, type AssessmentConfig } from '../../../shared/src/kpi/assessment.js';
import type { KpiReport } from '../../../shared/src/kpi/kpiReport.js';
import type { TrendSeries } from '../../../shared/src/kpi/trend.js';
import type { RankedUnit } from '../../../shared/src/live/events.js';
import type { CaseStore } from '../store/caseStore.js';
import { columns } from '../store/columns.js';
import { emptyStoredCounts, type KpiColumns, type KpiPeriod, type StoredKpiCounts } from '../store/kpiSql.js';
import { HourlyTrend } from './hourlyTrend.js';
import { Slices } from './nextTurn.js';
import { NodeRows } from './nodeRows.js';
import { startOfDay, type KpiService } from './kpiService.js';

/** How often today's KPIs are recomputed for the stream. */
export const KPI_REFRESH_MS = 5_000;

/** Numbers per node in the flat arrays: the fields of StoredKpiCounts (see readFrom). */
const WIDTH = 14;

/**
 * Today's KPIs (Beijing day so far) for every node, for the live stream: one grouped query per
 * refresh over today's cases (by grid cell, on the store's read threads), summed up the hierarchy
 * in memory, so any number of subscribed areas costs the same two queries. With them, the
 * children's composite ranking (what GET /api/assessment answers for today) and the 24-hour trend
 * (hourlyTrend.ts). Memory: two flat arrays of WIDTH numbers per node (~20,000 nodes: 4.5 MB),
 * reused by every refresh, so a refresh leaves no per-node garbage behind for the collector to
 * promote and sweep (a large heap's full collection stalls the event loop).
 */
export class LiveKpis {
  private readonly rows: NodeRows;
  /** Today's counts as of the last refresh, WIDTH numbers per node row. */
  private today: Float64Array;
  /** Filled by a refresh, then swapped with `today`: readers never see a half-summed day. */
  private next: Float64Array;
  private period: KpiPeriod | null = null;
  private running: Promise<void> | null = null;
  private readonly trend: HourlyTrend;
  /** Rankings computed since the last refresh, per area (cleared by each refresh: bounded). */
  private rankings = new Map<string, RankedUnit[]>();
  /** Reports likewise: every snapshot and delta of an area until the next refresh shares one. */
  private reports = new Map<string, KpiReport>();
  /** Increases with each refresh: the hub sends KPIs with the next delta when it moved. */
  version = 0;
  lastRefreshMs = 0;

  constructor(private readonly deps: { model: CityModel; store: CaseStore; kpis: KpiService; clock: { now(): number }; assessment?: AssessmentConfig }) {
    this.rows = new NodeRows(deps.model);
    this.trend = new HourlyTrend(this.rows, (from, to) => deps.store.hourlyCounts(from, to));
    this.today = new Float64Array(this.rows.size * WIDTH);
    this.next = new Float64Array(this.rows.size * WIDTH);
  }

  /** Recomputes; a call while one runs waits for that one. */
  refresh(): Promise<void> {
    this.running ??= this.compute().finally(() => (this.running = null));
    return this.running;
  }

  private async compute(): Promise<void> {
    const t0 = performance.now();
    const now = this.deps.clock.now();
    const period = { from: startOfDay(now), to: now + 1, now };
    const next = this.next.fill(0);
    // Summed as soon as the counts arrive, while the trend may still be counting: the per-cell
    // records die young instead of waiting for the slower query (and being promoted meanwhile).
    await Promise.all([this.deps.store.kpiColumns(undefined, this.deps.model.cityCode, 'grid', period).then((byGrid) => this.sumInto(next, byGrid)), this.trend.refresh(now)]);
    [this.today, this.next] = [next, this.today];
    this.period = period;
    this.rankings = new Map();
    this.reports = new Map();
    this.version++;
    this.lastRefreshMs = performance.now() - t0;
  }

  /**
   * Today's report for an area, as of the last refresh (null before the first): built once per
   * refresh and area (its staffing and live overdue count as of then), then shared.
   */
  report(code: string): KpiReport | null {
    if (!this.period) return null;
    let out = this.reports.get(code);
    if (!out) this.reports.set(code, (out = this.deps.kpis.toReport(code, this.countsOf(code), this.period)));
    return out;
  }

  /**
   * The area's children ranked by today's composite score (综合评价, shared/src/kpi/assessment.ts),
   * best first, as GET /api/assessment ranks them; units with too few cases last, unranked, with
   * their count. Empty for a grid cell.
   */
  ranking(code: string): RankedUnit[] | null {
    if (!this.period) return null;
    let out = this.rankings.get(code);
    if (out) return out;
    const units = this.deps.model.children(code).filter((n) => n.level !== 'building');
    const assessed = assess(
      units.map((u) => ({ code: u.code, name: u.name, figures: this.deps.kpis.figures(u.code, this.countsOf(u.code)) })),
      this.deps.assessment ?? DEFAULT_ASSESSMENT,
    );
    out = assessed.map((u) => ({ code: u.code, score: u.score, rank: u.rank, received: u.figures.received }));
    this.rankings.set(code, out);
    return out;
  }

  /**
   * New cases: a report (or closure) dated before the current hour is recounted by the next
   * refresh, not only by the next whole-window recount (a hotline batch, the simulator's backfill).
   */
  noteIngested(cases: readonly Case[]): void {
    this.trend.touch(timesOf(cases, ['reported', 'closed']));
  }

  /** Cases that moved on: a closure dated before the current hour is recounted by the next refresh. */
  noteChanged(cases: readonly Case[]): void {
    this.trend.touch(timesOf(cases, ['closed']));
  }

  /** Received and closed per hour over the last 24 hours (null before the first refresh). */
  trendOf(code: string): TrendSeries | null {
    return this.trend.series(code);
  }

  /**
   * Adds each cell's counts to the rows of the cell and its ancestors, straight from the store's
   * columns, in slices of SLICE_MS (nextTurn.ts): the city's ~16,600 cells in one go held the loop
   * for 50–90 ms (a CPU profile of the flood soak), every 5 s, and merging the two answers into a
   * map of per-cell records first took another 30–50 ms on a loaded machine. `sum` is not read
   * until the refresh swaps it in.
   */
  private async sumInto(sum: Float64Array, { received, due }: KpiColumns): Promise<void> {
    const slices = new Slices();
    const [rCodes, ...rFields] = columns(received, 'code', 'received', 'registered', 'dispatched', 'deferred', 'patrol_reports', 'verifications', 'verifications_on_time');
    await this.addColumns(sum, rCodes, rFields, RECEIVED_AT, slices);
    const [dCodes, ...dFields] = columns(due, 'code', 'due', 'closed', 'closed_on_time', 'reworked', 'extended', 'handling_ms', 'handling_count');
    await this.addColumns(sum, dCodes, dFields, DUE_AT, slices);
  }

  /** Adds `fields[f][i]` at offset `at[f]` of the rows of cell `codes[i]` and its ancestors. */
  private async addColumns(sum: Float64Array, codes: ArrayLike<number>, fields: ArrayLike<number>[], at: readonly number[], slices: Slices): Promise<void> {
    for (let i = 0; i < codes.length; i++) {
      if ((i & 63) === 63 && slices.spent()) await slices.next();
      const chain = this.rows.chainOfNumber(codes[i]!);
      for (let f = 0; f < fields.length; f++) {
        const value = fields[f]![i]!;
        if (value === 0) continue;
        for (let k = 0; k < chain.length; k++) sum[chain[k]! * WIDTH + at[f]!]! += value;
      }
    }
  }

  /** A node's counts as of the last refresh (zeros for a code the model does not hold). */
  private countsOf(code: string): StoredKpiCounts {
    const row = this.rows.rowOf(code);
    return row === undefined ? emptyStoredCounts() : readFrom(this.today, row * WIDTH);
  }
}

function* timesOf(cases: readonly Case[], stages: readonly Stage[]): Generator<number> {
  for (const c of cases) {
    for (const stage of stages) {
      const at = c.times[stage];
      if (at !== null) yield Date.parse(at);
    }
  }
}

// The layout of a node's row: readFrom names each field (named property reads and writes stay
// monomorphic and allocate nothing; a loop over field names boxed every value: ~15 MB of garbage a
// refresh). Where the fields of the store's two answers go in it, in the order sumInto reads them:
/** received, registered, dispatched, deferred, patrolReports, verifications, verificationsOnTime. */
const RECEIVED_AT = [0, 1, 2, 8, 9, 10, 11] as const;
/** due, closed, closedOnTime, reworked, extended, handlingMsTotal, handlingCount. */
const DUE_AT = [3, 4, 5, 6, 7, 12, 13] as const;

function readFrom(a: Float64Array, at: number): StoredKpiCounts {
  return {
    received: a[at]!,
    registered: a[at + 1]!,
    dispatched: a[at + 2]!,
    due: a[at + 3]!,
    closed: a[at + 4]!,
    closedOnTime: a[at + 5]!,
    reworked: a[at + 6]!,
    extended: a[at + 7]!,
    deferred: a[at + 8]!,
    patrolReports: a[at + 9]!,
    verifications: a[at + 10]!,
    verificationsOnTime: a[at + 11]!,
    handlingMsTotal: a[at + 12]!,
    handlingCount: a[at + 13]!,
  };
}
