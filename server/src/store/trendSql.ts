import { columns, type Columns } from './columns.js';

/**
 * Cases per grid cell and clock hour, as columns: entry i is `n[i]` cases in cell `grid[i]` (the
 * code as a number: 15 digits) in hour `hour[i]` (floor(ms / 3,600,000)).
 */
export interface HourColumns {
  grid: ArrayLike<number>;
  hour: ArrayLike<number>;
  n: ArrayLike<number>;
}

/** Cases received (by report time) and closed (by closure time) per grid cell and clock hour. */
export interface HourlyCounts {
  received: HourColumns;
  closed: HourColumns;
}

/**
 * The two statements behind HourlyCounts for [from, to), city-wide or under one area code (its
 * cells' codes start with it), with `?` placeholders; each row is (grid, hour, n), all numbers, so
 * a day of 16,600 cells × 24 hours is read as columns (columns.ts). Integer division gives the
 * hour in both dialects (the columns are integers / BIGINT); both are index range scans
 * (cases_reported_id, cases_closed).
 */
export function hourlyCountSql(from: number, to: number, under?: string): Record<keyof HourlyCounts, { sql: string; params: unknown[] }> {
  if (under !== undefined && !/^\d{6,15}$/.test(under)) throw new Error(`area code ${under} is malformed`);
  // Codes are digits: every code starting with `under` sorts in [under, under + ':').
  const area = under === undefined ? '' : ' AND grid >= ? AND grid < ?';
  const params = [from, to, ...(under === undefined ? [] : [under, `${under}:`])];
  return {
    received: { sql: `SELECT CAST(grid AS BIGINT) AS grid, reported_at / 3600000 AS hour, count(*) AS n FROM cases WHERE reported_at >= ? AND reported_at < ?${area} GROUP BY grid, reported_at / 3600000`, params },
    closed: {
      sql: `SELECT CAST(grid AS BIGINT) AS grid, closed_at / 3600000 AS hour, count(*) AS n FROM cases WHERE closed_at IS NOT NULL AND closed_at >= ? AND closed_at < ?${area} GROUP BY grid, closed_at / 3600000`,
      params,
    },
  };
}

/** One statement's answer as HourColumns (an Error names a missing column). */
export function hourColumns(result: Columns): HourColumns {
  const [grid, hour, n] = columns(result, 'grid', 'hour', 'n');
  return { grid, hour, n };
}
