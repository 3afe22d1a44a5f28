import type { CityModel } from '../../../shared/src/city/cityModel.js';
import type { KpiReport } from '../../../shared/src/kpi/kpiReport.js';
import type { CaseStore } from '../store/caseStore.js';
import { emptyStoredCounts, type KpiPeriod, type StoredKpiCounts } from '../store/kpiSql.js';
import { startOfDay, type KpiService } from './kpiService.js';

/** How often today's KPIs are recomputed for the stream. */
export const KPI_REFRESH_MS = 5_000;

/**
 * Today's KPIs (Beijing day so far) for every node, for the live stream: one grouped query per
 * refresh over today's cases (by grid cell), summed up the hierarchy in memory, so any number of
 * subscribed areas costs the same two queries. Memory: one counts record per node with cases today.
 */
export class LiveKpis {
  private byCode = new Map<string, StoredKpiCounts>();
  private period: KpiPeriod | null = null;
  private running: Promise<void> | null = null;
  /** Increases with each refresh: the hub sends KPIs with the next delta when it moved. */
  version = 0;
  lastRefreshMs = 0;

  constructor(private readonly deps: { model: CityModel; store: CaseStore; kpis: KpiService; clock: { now(): number } }) {}

  /** Recomputes; a call while one runs waits for that one. */
  refresh(): Promise<void> {
    this.running ??= this.compute().finally(() => (this.running = null));
    return this.running;
  }

  private async compute(): Promise<void> {
    const t0 = performance.now();
    const now = this.deps.clock.now();
    const period = { from: startOfDay(now), to: now + 1, now };
    const byGrid = await this.deps.store.kpiCounts(undefined, this.deps.model.cityCode, 'grid', period);
    const byCode = new Map<string, StoredKpiCounts>();
    const city = this.deps.model.cityCode;
    for (const [grid, counts] of byGrid) {
      for (const code of [city, grid.slice(0, 6), grid.slice(0, 9), grid.slice(0, 12), grid]) {
        let sum = byCode.get(code);
        if (!sum) byCode.set(code, (sum = emptyStoredCounts()));
        for (const k of Object.keys(counts) as (keyof StoredKpiCounts)[]) sum[k] += counts[k];
      }
    }
    this.byCode = byCode;
    this.period = period;
    this.version++;
    this.lastRefreshMs = performance.now() - t0;
  }

  /** Today's report for an area, as of the last refresh (null before the first). */
  report(code: string): KpiReport | null {
    if (!this.period) return null;
    return this.deps.kpis.toReport(code, this.byCode.get(code) ?? emptyStoredCounts(), this.period);
  }
}
