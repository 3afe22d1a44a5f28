import type { Case, Stage } from '../../../shared/src/cases/caseModel.js';
import { gridChain } from '../../../shared/src/city/codes.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { assess, DEFAULT_ASSESSMENT, type AssessmentConfig } from '../../../shared/src/kpi/assessment.js';
import type { KpiReport } from '../../../shared/src/kpi/kpiReport.js';
import type { TrendSeries } from '../../../shared/src/kpi/trend.js';
import type { RankedUnit } from '../../../shared/src/live/events.js';
import type { CaseStore } from '../store/caseStore.js';
import { emptyStoredCounts, type KpiPeriod, type StoredKpiCounts } from '../store/kpiSql.js';
import { hourlyCounts } from '../store/trendSql.js';
import { HourlyTrend } from './hourlyTrend.js';
import { startOfDay, type KpiService } from './kpiService.js';

/** How often today's KPIs are recomputed for the stream. */
export const KPI_REFRESH_MS = 5_000;

/**
 * Today's KPIs (Beijing day so far) for every node, for the live stream: one grouped query per
 * refresh over today's cases (by grid cell), summed up the hierarchy in memory, so any number of
 * subscribed areas costs the same two queries. Memory: one counts record per node with cases today.
 * With them, the children's composite ranking (what GET /api/assessment answers for today) and the
 * 24-hour trend (hourlyTrend.ts).
 */
export class LiveKpis {
  private byCode = new Map<string, StoredKpiCounts>();
  private period: KpiPeriod | null = null;
  private running: Promise<void> | null = null;
  private readonly trend: HourlyTrend;
  /** Rankings computed since the last refresh, per area (cleared by each refresh: bounded). */
  private rankings = new Map<string, RankedUnit[]>();
  /** Increases with each refresh: the hub sends KPIs with the next delta when it moved. */
  version = 0;
  lastRefreshMs = 0;

  constructor(private readonly deps: { model: CityModel; store: CaseStore; kpis: KpiService; clock: { now(): number }; assessment?: AssessmentConfig }) {
    this.trend = new HourlyTrend(deps.model, (from, to) => hourlyCounts(deps.store.sql, from, to));
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
    const [byGrid] = await Promise.all([this.deps.store.kpiCounts(undefined, this.deps.model.cityCode, 'grid', period), this.trend.refresh(now)]);
    const byCode = new Map<string, StoredKpiCounts>();
    const city = this.deps.model.cityCode;
    for (const [grid, counts] of byGrid) {
      for (const code of gridChain(grid, city)) {
        let sum = byCode.get(code);
        if (!sum) byCode.set(code, (sum = emptyStoredCounts()));
        for (const k of Object.keys(counts) as (keyof StoredKpiCounts)[]) sum[k] += counts[k];
      }
    }
    this.byCode = byCode;
    this.period = period;
    this.rankings = new Map();
    this.version++;
    this.lastRefreshMs = performance.now() - t0;
  }

  /** Today's report for an area, as of the last refresh (null before the first). */
  report(code: string): KpiReport | null {
    if (!this.period) return null;
    return this.deps.kpis.toReport(code, this.byCode.get(code) ?? emptyStoredCounts(), this.period);
  }

  /**
   * The area's children ranked by today's composite score (综合评价, shared/src/kpi/assessment.ts),
   * best first, as GET /api/assessment ranks them; units with too few cases last, unranked, with
   * their count. Empty for a grid cell.
   */
  ranking(code: string): RankedUnit[] | null {
    const period = this.period;
    if (!period) return null;
    let out = this.rankings.get(code);
    if (out) return out;
    const units = this.deps.model.children(code).filter((n) => n.level !== 'building');
    const assessed = assess(
      units.map((u) => ({ code: u.code, name: u.name, figures: this.deps.kpis.toReport(u.code, this.byCode.get(u.code) ?? emptyStoredCounts(), period).figures })),
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
}

function* timesOf(cases: readonly Case[], stages: readonly Stage[]): Generator<number> {
  for (const c of cases) {
    for (const stage of stages) {
      const at = c.times[stage];
      if (at !== null) yield Date.parse(at);
    }
  }
}
