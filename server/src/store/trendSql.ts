import type { SqlExec } from './sqlExec.js';

/** Cases of one grid cell in one clock hour (hour = floor(ms / 3,600,000)). */
export interface HourlyCount {
  grid: string;
  hour: number;
  received: number;
  closed: number;
}

type Row = { grid: string; hour: number | string; n: number | string };

/**
 * Cases received (reported_at) and closed (closed_at) in [from, to), per grid cell and clock hour:
 * the raw material of the 24-hour trend, city-wide or under one area code (its cells' codes start
 * with it). Integer division gives the hour in both dialects (the columns are integers / BIGINT);
 * both are index range scans (cases_reported_id, cases_closed).
 */
export async function hourlyCounts(sql: SqlExec, from: number, to: number, under?: string): Promise<HourlyCount[]> {
  if (under !== undefined && !/^\d{6,15}$/.test(under)) throw new Error(`area code ${under} is malformed`);
  // Codes are digits: every code starting with `under` sorts in [under, under + ':').
  const area = under === undefined ? '' : ' AND grid >= ? AND grid < ?';
  const areaParams = under === undefined ? [] : [under, `${under}:`];
  const [received, closed] = await Promise.all([
    sql.all<Row>(`SELECT grid, reported_at / 3600000 AS hour, count(*) AS n FROM cases WHERE reported_at >= ? AND reported_at < ?${area} GROUP BY grid, reported_at / 3600000`, [
      from,
      to,
      ...areaParams,
    ]),
    sql.all<Row>(
      `SELECT grid, closed_at / 3600000 AS hour, count(*) AS n FROM cases WHERE closed_at IS NOT NULL AND closed_at >= ? AND closed_at < ?${area} GROUP BY grid, closed_at / 3600000`,
      [from, to, ...areaParams],
    ),
  ]);
  const out = new Map<string, HourlyCount>();
  const entry = (r: Row): HourlyCount => {
    const hour = Number(r.hour);
    const key = `${r.grid}:${hour}`;
    let e = out.get(key);
    if (!e) out.set(key, (e = { grid: r.grid, hour, received: 0, closed: 0 }));
    return e;
  };
  for (const r of received) entry(r).received += Number(r.n);
  for (const r of closed) entry(r).closed += Number(r.n);
  return [...out.values()];
}
