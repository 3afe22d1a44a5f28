import { CHANNEL_NAMES, STATUS_NAMES, URGENCY_NAMES, type Channel, type CaseStatus, type Urgency } from '../../../shared/src/cases/caseModel.js';
import { CATEGORY_BY_CODE, SUBCATEGORY_BY_CODE } from '../../../shared/src/cases/categories.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { levelOfCode } from '../../../shared/src/city/codes.js';
import { MAX_HOUR_BUCKETS, type BreakdownBucket, type BreakdownKey, type BreakdownResponse, type FigureChange, type KpiComparisonReport } from '../../../shared/src/api/desk.js';
import { computeKpis, type KpiFigures } from '../../../shared/src/kpi/kpiFormulas.js';
import type { KpiName } from '../../../shared/src/kpi/kpiNames.js';
import { HttpError } from '../http/errors.js';
import type { KpiService } from '../kpi/kpiService.js';
import { columns, type Columns } from '../store/columns.js';
import type { CaseQuery, CaseStore } from '../store/caseStore.js';
import { emptyStoredCounts, mergeKpiColumns, type KpiPeriod } from '../store/kpiSql.js';
import { hasFilters, type CaseFilters } from './deskFilter.js';
import { ENUM_CODES, breakdownStatement, filteredKpiStatements, numbers } from './deskSql.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/** The single count of a `SELECT count(*) AS n` answer. */
const countOf = (answer: Columns): number => columns(answer, 'n')[0][0] ?? 0;

function change(current: number | null, previous: number | null): FigureChange {
  const delta = current === null || previous === null ? null : current - previous;
  return { current, previous, delta, ratio: delta === null || !previous ? null : delta / previous };
}

/** The period of equal length just before (环比). */
export const previousPeriod = (period: KpiPeriod): KpiPeriod => ({ from: period.from - (period.to - period.from), to: period.from, now: period.now });

/** The query string of the filters, for the KPI report's links to its cases. */
function filterParams(filters: CaseFilters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, values] of Object.entries(filters) as [string, string[] | string][]) out[key] = Array.isArray(values) ? values.join(',') : values; // party= is one value
  return out;
}

/**
 * The desk's KPI reads: the published KPIs of an area under the case list's filters, for a period
 * and the one before it, and the same cases counted by category, area, day or hour for charts.
 * Every count runs in the store's read path (SQLite: the read thread), one snapshot per request.
 */
export class DeskKpis {
  constructor(private readonly deps: { model: CityModel; store: CaseStore; kpis: KpiService; format: (ms: number) => string }) {}

  /** GET /api/kpis: identical requests in flight share one read (so-far periods match whatever their end, as KpiService's). */
  report(code: string, area: CaseQuery['area'], filters: CaseFilters, period: KpiPeriod): Promise<KpiComparisonReport> {
    const end = period.to === period.now + 1 ? 'now' : period.to;
    return this.deps.kpis.shared.run(`desk ${code} ${JSON.stringify(filters)} ${period.from} ${end}`, () => this.compute(code, area, filters, period));
  }

  private async compute(code: string, area: CaseQuery['area'], filters: CaseFilters, period: KpiPeriod): Promise<KpiComparisonReport> {
    const before = previousPeriod(period);
    const filtered = hasFilters(filters);
    // Unfiltered, 超期未结 now is the live state's (as the stream's); filtered, the store counts it.
    const current = filteredKpiStatements(area, code, filters, period, null);
    const previous = filteredKpiStatements(area, code, filters, before, before.to);
    // Unfiltered, the current counts are the stream's own query (kpiCounts); the previous period's beside it.
    const [unfiltered, answers] = await Promise.all([
      filtered ? null : this.deps.store.kpiCounts(area, code, undefined, period),
      numbers(this.deps.store, [...(filtered ? current : []), ...previous]),
    ]);
    const overdueNow = filtered ? countOf(answers[2]!) : null;
    const [pr, pd, po] = answers.slice(filtered ? 3 : 0);
    const stored = (unfiltered ?? mergeKpiColumns(answers[0]!, answers[1]!)).get(code) ?? emptyStoredCounts();
    const base = this.deps.kpis.toReport(code, stored, period);
    const counts = overdueNow === null ? base.counts : { ...base.counts, overdueOpen: overdueNow };
    const figures = computeKpis(counts);
    const cases = filtered
      ? (Object.fromEntries(Object.entries(base.cases).map(([k, link]) => [k, `${link}&${new URLSearchParams(filterParams(filters)).toString()}`])) as typeof base.cases)
      : base.cases;
    const prevStored = mergeKpiColumns(pr!, pd!).get(code) ?? emptyStoredCounts();
    const prevCounts = { ...prevStored, overdueOpen: countOf(po!) };
    const prevFigures = computeKpis(prevCounts);
    const changes = Object.fromEntries(
      (Object.keys(figures) as (keyof KpiFigures)[]).map((k) => [k, change(figures[k], prevFigures[k])]),
    ) as Record<keyof KpiFigures, FigureChange>;
    return {
      ...base,
      counts,
      figures,
      cases,
      previous: { period: { from: this.deps.format(before.from), to: this.deps.format(before.to) }, counts: prevCounts, figures: prevFigures },
      change: changes,
    };
  }

  /** GET /api/kpis/breakdown: the KPI's cases under the filters, counted by `by`. */
  async breakdown(code: string, area: CaseQuery['area'], filters: CaseFilters, period: KpiPeriod, by: BreakdownKey, kpi: KpiName): Promise<BreakdownResponse> {
    if (by === 'hour' && period.to - period.from > MAX_HOUR_BUCKETS * HOUR_MS) {
      throw new HttpError(400, `by=hour counts periods of up to ${MAX_HOUR_BUCKETS / 24} days; use by=day for longer ones`, 'by');
    }
    const { model } = this.deps;
    const level = levelOfCode(code);
    const childLevel = level === 'city' ? 'district' : level === 'district' ? 'street' : level === 'street' ? 'community' : 'grid';
    const [answer] = await numbers(this.deps.store, [breakdownStatement(area, filters, kpi, period, by, childLevel)]);
    const [keys, counts] = columns(answer!, 'k', 'n');
    const found = new Map<number, number>();
    for (let i = 0; i < keys.length; i++) found.set(keys[i]!, counts[i]!);
    const buckets: BreakdownBucket[] = [];
    const take = (k: number, key: string, name: string, always: boolean) => {
      const count = found.get(k) ?? 0;
      found.delete(k);
      if (count > 0 || always) buckets.push({ key, name, count });
    };
    switch (by) {
      case 'category':
        ENUM_CODES.category.forEach((c, i) => take(i, c, CATEGORY_BY_CODE.get(c)!.name, true));
        break;
      case 'subcategory':
        ENUM_CODES.subcategory.forEach((c, i) => take(i, c, SUBCATEGORY_BY_CODE.get(c)!.name, false));
        break;
      case 'urgency':
        ENUM_CODES.urgency.forEach((c, i) => take(i, c, URGENCY_NAMES[c as Urgency], true));
        break;
      case 'channel':
        ENUM_CODES.channel.forEach((c, i) => take(i, c, CHANNEL_NAMES[c as Channel], true));
        break;
      case 'status':
        ENUM_CODES.status.forEach((c, i) => take(i, c, STATUS_NAMES[c as CaseStatus], true));
        break;
      case 'area': {
        const children = level === 'grid' ? [model.node(code)!] : model.children(code);
        for (const child of children) take(Number(child.code), child.code, child.name, true);
        break;
      }
      case 'day':
      case 'hour': {
        // Every day (hour) of the period, and any other the KPI's cases fall on (超期未结: deadlines before it).
        const size = by === 'day' ? DAY_MS : HOUR_MS;
        const offset = by === 'day' ? SHANGHAI_OFFSET_MS : 0;
        const first = Math.floor((period.from + offset) / size);
        const last = Math.floor((period.to - 1 + offset) / size);
        const all = new Set<number>(found.keys());
        for (let k = first; k <= last; k++) all.add(k);
        for (const k of [...all].sort((a, b) => a - b)) {
          const start = this.deps.format(k * size - offset);
          take(k, start, by === 'day' ? start.slice(0, 10) : start.slice(0, 13).replace('T', ' ') + ':00', true);
        }
        break;
      }
    }
    // A key no bucket claimed (a code unknown to this release) still counts, so the sum stays the figure.
    for (const [k, count] of found) buckets.push({ key: String(k), name: '其他', count });
    return {
      area: code,
      by,
      kpi,
      period: { from: this.deps.format(period.from), to: this.deps.format(period.to) },
      total: buckets.reduce((sum, b) => sum + b.count, 0),
      buckets,
    };
  }
}
