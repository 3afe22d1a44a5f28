import type { CaseSummary } from '../../../../shared/src/live/events.js';
import type { DeskState } from './deskUrl.js';

/** Today in Beijing as YYYY-MM-DD. */
const beijingDay = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Cases reported since `openedAt` among the live stream's newest that the table's filters would
 * list: the count the desk shows instead of moving the table under the reader. Null where the
 * view cannot hold new cases (a past period) or the stream cannot tell (a KPI set other than
 * received). At most the stream's bounded latest list, so "100" can mean more.
 */
export function newSinceOpened(latest: readonly CaseSummary[], state: DeskState, openedAt: number, now = Date.now()): number | null {
  const { period, filters } = state;
  if (period.kind === 'yesterday' || (period.kind === 'range' && period.to < beijingDay(now))) return null;
  if (filters.kpi !== null && filters.kpi !== 'received') return null;
  // The stream's summaries carry no party flags: under party= it cannot tell which new cases the table would list.
  if (filters.party !== null) return null;
  const has = <T,>(list: readonly T[], value: T) => list.length === 0 || list.includes(value);
  return latest.filter(
    (c) =>
      Date.parse(c.reportedAt) >= openedAt &&
      has(filters.category, c.category) &&
      has(filters.subcategory, c.subcategory) &&
      has(filters.urgency, c.urgency) &&
      has(filters.status, c.status) &&
      has(filters.channel, c.channel),
  ).length;
}
