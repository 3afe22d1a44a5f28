import { assess, type AssessedUnit, type AssessmentConfig } from '../../../shared/src/kpi/assessment.js';
import { computeKpis, type KpiCounts, type KpiFigures } from '../../../shared/src/kpi/kpiFormulas.js';
import { KPI_NAMES, type KpiName } from '../../../shared/src/kpi/kpiNames.js';
import type { KpiReport, StaffingKpis } from '../../../shared/src/kpi/kpiReport.js';
import { HOUR_MS, hourOf, TREND_HOURS, type TrendSeries } from '../../../shared/src/kpi/trend.js';
import type { AreaStaffCounts, Roster } from '../../../shared/src/staff/roster.js';
import type { StaffState } from '../staff/staffState.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { levelOfCode } from '../../../shared/src/city/codes.js';
import { HttpError } from '../http/errors.js';
import type { LiveState } from '../live/liveState.js';
import type { CaseQuery, CaseStore } from '../store/caseStore.js';
import { emptyStoredCounts, type KpiGroup, type KpiPeriod, type StoredKpiCounts } from '../store/kpiSql.js';
import type { HourColumns } from '../store/trendSql.js';
import { Coalescer } from './coalescer.js';

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Start of the Beijing-time day containing `ms`. */
export function startOfDay(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** Resolves ?from&to against now: [from, to), today so far by default; 400 naming the field. */
export function kpiPeriod(q: { from?: number | undefined; to?: number | undefined }, now: number): { from: number; to: number; now: number } {
  const to = q.to ?? now + 1; // today so far, this millisecond included
  const from = q.from ?? startOfDay(Math.min(to, now));
  if (from >= to) throw new HttpError(400, 'from must be before to', 'from');
  if (to - from > 400 * 86_400_000) throw new HttpError(400, 'a KPI period spans at most 400 days', 'from');
  return { from, to, now };
}

/** The case-list area filter for a node code (undefined: the whole city). */
export function areaOf(model: CityModel, code: string): CaseQuery['area'] {
  if (code === model.cityCode) return undefined;
  const level = levelOfCode(code);
  if (level === 'city' || level === 'building') throw new Error(`KPIs are kept for the city down to grid cells, not ${level} ${code}`);
  return { level, code };
}

/**
 * The KPI engine over the store: counts for a period and area, the live "open past deadline now"
 * from the live state, the published formulas (shared/src/kpi/kpiFormulas.ts) on top.
 */
export class KpiService {
  /** Identical counts asked while one query runs share it (same area, grouping and period). */
  readonly shared = new Coalescer();
  /**
   * The roster's posts per area, counted once: the roster never changes while the server runs,
   * and counting a district's means a pass over its cells, for every report of every refresh.
   */
  private readonly posts = new Map<string, AreaStaffCounts | undefined>();

  constructor(private readonly deps: { model: CityModel; store: CaseStore; state: LiveState; format: (ms: number) => string; roster?: Roster; staff?: StaffState }) {}

  /** Staffing KPIs of an area: now for duty and workload, over the period for patrol reports. */
  staffing(code: string, stored: StoredKpiCounts, period: KpiPeriod): StaffingKpis | null {
    const { roster, staff } = this.deps;
    if (roster && !this.posts.has(code)) this.posts.set(code, roster.countsFor(code));
    const counts = this.posts.get(code);
    const metrics = staff?.metrics(code, period.now);
    if (!counts || !metrics) return null;
    const gridsWithWorker = counts.grids - counts.gridsWithoutFullTime;
    const days = (period.to - period.from) / 86_400_000;
    const fullTime = counts.byKind.full_time;
    return {
      grids: counts.grids,
      gridsWithWorker,
      staffingRate: counts.grids > 0 ? gridsWithWorker / counts.grids : null,
      workers: metrics.workers,
      onDuty: metrics.onDuty,
      onDutyRate: metrics.workers > 0 ? metrics.onDuty / metrics.workers : null,
      openCasesPerOnDutyWorker: metrics.openCasesPerOnDutyWorker,
      reportsPerWorkerPerDay: fullTime > 0 && days > 0 ? stored.patrolReports / fullTime / days : null,
      verificationOnTimeRate: stored.verifications > 0 ? stored.verificationsOnTime / stored.verifications : null,
    };
  }

  async report(code: string, period: KpiPeriod): Promise<KpiReport> {
    const { counts, period: counted } = await this.counts(code, undefined, period);
    return this.toReport(code, counts.get(code) ?? emptyStoredCounts(), counted);
  }

  /**
   * The store's counts for an area, shared with an identical query in flight. "So far" periods
   * (to = now + 1 ms, the default) match whatever their end: a caller that joins gets the
   * running query's period, a few ms shorter than its own, and reports that period.
   */
  private counts(code: string, group: KpiGroup | undefined, period: KpiPeriod): Promise<{ counts: Map<string, StoredKpiCounts>; period: KpiPeriod }> {
    const end = period.to === period.now + 1 ? 'now' : period.to;
    return this.shared.run(`counts ${code} ${group ?? '-'} ${period.from} ${end}`, async () => ({
      counts: await this.deps.store.kpiCounts(areaOf(this.deps.model, code), code, group, period),
      period,
    }));
  }

  /**
   * The published figures alone, what rankings compare: without the report's staffing and links
   * (the stream ranks every subscribed area's children after each refresh: thousands of units).
   */
  figures(code: string, stored: StoredKpiCounts): KpiFigures {
    return computeKpis(this.countsWithOverdue(code, stored));
  }

  private countsWithOverdue(code: string, stored: StoredKpiCounts): KpiCounts {
    return { ...stored, overdueOpen: this.deps.state.figures(code)[1] };
  }

  toReport(code: string, stored: StoredKpiCounts, period: KpiPeriod): KpiReport {
    const counts = this.countsWithOverdue(code, stored);
    const from = this.deps.format(period.from);
    const to = this.deps.format(period.to);
    const cases = Object.fromEntries(
      KPI_NAMES.map((k) => [k, `/api/cases?${new URLSearchParams({ kpi: k, ...(code === this.deps.model.cityCode ? {} : { area: code }), from, to }).toString()}`]),
    ) as Record<KpiName, string>;
    return { area: code, period: { from, to }, counts, figures: computeKpis(counts), staffing: this.staffing(code, stored, period), cases };
  }

  /** Received and closed per clock hour over the last 24 hours, counted from the store now (shared like counts). */
  trend(code: string, now: number): Promise<TrendSeries> {
    const first = hourOf(now) - TREND_HOURS + 1;
    return this.shared.run(`trend ${code} ${first}`, async () => {
      const counts = await this.deps.store.hourlyCounts(first * HOUR_MS, now + 1, code === this.deps.model.cityCode ? undefined : code);
      const perHour = (cells: HourColumns) => {
        const out = new Array<number>(TREND_HOURS).fill(0);
        for (let i = 0; i < cells.n.length; i++) {
          const h = cells.hour[i]! - first;
          if (h >= 0 && h < TREND_HOURS) out[h]! += cells.n[i]!;
        }
        return out;
      };
      return { area: code, from: first * HOUR_MS, received: perHour(counts.received), closed: perHour(counts.closed) };
    });
  }

  /**
   * Ranks the children of `parent` at `level` (district or street) by the composite score, over
   * the period counted (a shared "so far" query's, see counts()).
   */
  async assessment(
    parent: string,
    level: 'district' | 'street',
    period: KpiPeriod,
    config: AssessmentConfig,
  ): Promise<{ period: KpiPeriod; units: AssessedUnit[]; top: AssessedUnit[]; bottom: AssessedUnit[] }> {
    const { model } = this.deps;
    const units = model.nodesAt(level).filter((n) => parent === model.cityCode || n.code.startsWith(parent));
    const { counts, period: counted } = await this.counts(parent, level, period);
    const assessed = assess(
      units.map((u) => ({ code: u.code, name: u.name, figures: this.figures(u.code, counts.get(u.code) ?? emptyStoredCounts()) })),
      config,
    );
    const ranked = assessed.filter((u) => u.rank !== null);
    return { period: counted, units: assessed, top: ranked.slice(0, config.showTop), bottom: ranked.slice(-config.showTop).reverse() };
  }
}
