import type { CommunityRating } from '../../../shared/src/api/party.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { rateCommunity } from '../../../shared/src/party/fiveStars.js';
import type { PartyModel } from '../../../shared/src/party/partyModel.js';
import type { Clock } from '../cases/caseIngest.js';
import { areaOf } from '../kpi/kpiService.js';
import type { LiveState } from '../live/liveState.js';
import type { CaseStore } from '../store/caseStore.js';
import { formatShanghai } from '../store/caseRow.js';
import { emptyStoredCounts, type KpiPeriod, type StoredKpiCounts } from '../store/kpiSql.js';
import type { PartyRatingStore } from './partyRatingStore.js';

const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;
/**
 * A year of cases is counted at most this often per area: the count scans the year's rows (millions
 * on a busy store), while stars change over weeks. Overdue-now figures stay live (the live state).
 */
export const RATING_COUNTS_TTL_MS = 5 * 60_000;
const MAX_CACHED_AREAS = 64;

/** The rating year (Beijing time) containing `now`: from its first instant to now. */
export function ratingYear(now: number): { year: number; period: KpiPeriod; days: number } {
  const year = new Date(now + BEIJING_OFFSET_MS).getUTCFullYear();
  const from = Date.UTC(year, 0, 1) - BEIJING_OFFSET_MS;
  return { year, period: { from, to: now + 1, now }, days: (now - from) / DAY_MS };
}

/** Cases reported this year in one grid cell: all of them, those reported and those handled by party members. */
export interface GridPartyCases {
  total: number;
  reportedByMembers: number;
  handledByMembers: number;
}

interface YearCounts {
  at: number;
  year: number;
  counts: Promise<{ kpis: Map<string, StoredKpiCounts>; disputes: Map<string, number>; partyCases: Map<string, GridPartyCases> }>;
}

/**
 * 五星支部 ratings of communities: their recorded stars (party_ratings) and the stars derived from
 * the year's KPI counts (the store's grouped KPI query, per community) and the cases overdue now
 * (the live state, as /api/kpis counts 超期未结).
 */
export class PartyRatings {
  private readonly cache = new Map<string, YearCounts>();

  constructor(private readonly deps: { model: CityModel; party: PartyModel; store: CaseStore; state: LiveState; recorded: PartyRatingStore; clock: Clock }) {}

  /** Ratings of the communities inside an area (a grid's: its community), code order. */
  async inArea(code: string): Promise<{ year: number; communities: CommunityRating[] }> {
    const { model, party, state, recorded } = this.deps;
    const now = this.deps.clock.now();
    const { year, period, days } = ratingYear(now);
    const area = model.node(code)!.level === 'grid' ? code.slice(0, 12) : code;
    const [{ kpis: stored, disputes }, records] = await Promise.all([this.yearCounts(area, year, period), recorded.inArea(area === model.cityCode ? undefined : area, year)]);
    const communities = party.communities(area).map((node): CommunityRating => {
      const counts = stored.get(node.code) ?? emptyStoredCounts();
      const record = records.get(node.code);
      const figures = { households: node.households, due: counts.due, closed: counts.closed, closedOnTime: counts.closedOnTime, overdueOpen: state.figures(node.code)[1], disputes: disputes.get(node.code) ?? 0, days };
      const rating = rateCommunity(party.config, node, figures, new Set(record?.stars ?? []));
      return { community: node.code, name: node.name, ...rating, recorded: record ? { at: formatShanghai(record.recordedAt), note: record.note } : null };
    });
    return { year, communities };
  }

  /**
   * Cases reported this year (Beijing time) in an area, and those reported or handled by party
   * members (the cases' flags): counted with the ratings' year counts, so as fresh as they are.
   */
  async partyCases(code: string): Promise<{ year: number } & GridPartyCases> {
    const now = this.deps.clock.now();
    const { year, period } = ratingYear(now);
    const area = this.deps.model.node(code)!.level === 'grid' ? code.slice(0, 12) : code;
    const { partyCases } = await this.yearCounts(area, year, period);
    const prefix = code === this.deps.model.cityCode ? '' : code;
    const sum: GridPartyCases = { total: 0, reportedByMembers: 0, handledByMembers: 0 };
    for (const [grid, n] of partyCases) {
      if (!grid.startsWith(prefix)) continue;
      sum.total += n.total;
      sum.reportedByMembers += n.reportedByMembers;
      sum.handledByMembers += n.handledByMembers;
    }
    return { year, ...sum };
  }

  private yearCounts(area: string, year: number, period: KpiPeriod): YearCounts['counts'] {
    const cached = this.cache.get(area);
    if (cached && cached.year === year && period.now - cached.at < RATING_COUNTS_TTL_MS) return cached.counts;
    if (this.cache.size >= MAX_CACHED_AREAS) this.cache.clear();
    const counts = this.countYear(area, period);
    this.cache.set(area, { at: period.now, year, counts });
    counts.catch(() => {
      if (this.cache.get(area)?.counts === counts) this.cache.delete(area); // a failed count is not kept
    });
    return counts;
  }

  private async countYear(area: string, period: KpiPeriod): ReturnType<PartyRatings['yearCounts']> {
    const { model, store, party } = this.deps;
    const filter = areaOf(model, area);
    const categories = party.config.ratings.disputeCategories;
    const params: unknown[] = [...categories, period.from, period.to];
    if (filter) params.push(filter.code);
    // One pass over the year's rows, per grid cell: disputes (summed per community below) and the
    // cases reported or handled by party members. Sums come back as text from PostgreSQL (bigint).
    const [kpis, rows] = await Promise.all([
      store.kpiCounts(filter, area, 'community', period),
      store.sql.all<{ code: string; n: number | string; disputes: number | string; reported: number | string; handled: number | string }>(
        `SELECT grid AS code, count(*) AS n, sum(CASE WHEN category IN (${categories.map(() => '?').join(', ')}) THEN 1 ELSE 0 END) AS disputes,
           sum(reporter_party) AS reported, sum(handler_party) AS handled
         FROM cases
         WHERE reported_at >= ? AND reported_at < ?${filter ? ` AND ${filter.level} = ?` : ''}
         GROUP BY grid`,
        params,
      ),
    ]);
    const disputes = new Map<string, number>();
    const partyCases = new Map<string, GridPartyCases>();
    for (const r of rows) {
      const community = r.code.slice(0, 12);
      disputes.set(community, (disputes.get(community) ?? 0) + Number(r.disputes));
      partyCases.set(r.code, { total: Number(r.n), reportedByMembers: Number(r.reported), handledByMembers: Number(r.handled) });
    }
    return { kpis, disputes, partyCases };
  }
}
