import { CATEGORY_CODES, STATE_CODES, UNKNOWN, URGENCY_CODES } from '../../../shared/src/columnar/caseColumns.js';
import { OPEN_STATUSES, type CaseStatus } from '../../../shared/src/cases/caseModel.js';
import { PAGE_ORDER, areaSql, filterSql, type SqlParams } from '../store/caseQuerySql.js';
import type { CaseQuery, SnapshotStatement } from '../store/caseStore.js';

type Area = CaseQuery['area'];

/** `CASE column WHEN 'a' THEN 0 ... ELSE 255 END`: a text column as the columns' Uint8 code, in SQL (our own constant lists, no user text). */
function codeSql(column: string, codes: readonly string[]): string {
  return `CASE ${column} ${codes.map((c, i) => `WHEN '${c.replace(/'/g, "''")}' THEN ${i}`).join(' ')} ELSE ${UNKNOWN} END`;
}

/** The point's numbers, coded: lon, lat, u (urgency), s (state), k (category), t (reported, epoch ms). */
const pointColumns = (state: string) => `lon, lat, ${codeSql('urgency', URGENCY_CODES)} AS u, ${codeSql(state, STATE_CODES)} AS s, ${codeSql('category', CATEGORY_CODES)} AS k, reported_at AS t`;

const areaWhere = (area: Area, p: SqlParams): string => (area ? areaSql(area, p) : 'TRUE');

/** How many rows the query has before its LIMIT, on every row: one pass for the page and its total. */
const TOTAL = 'count(*) OVER () AS total';

/** An area's cases in `states`, newest first, at most `limit`: seq, the coded numbers, and `total` (all that match). */
export function mapCasesStatement(area: Area, states: readonly CaseStatus[], limit: number): SnapshotStatement {
  return {
    sql: (p) => `SELECT seq, ${pointColumns('status')}, ${TOTAL} FROM cases WHERE ${areaWhere(area, p)} AND ${p.inList('status', states)} ORDER BY reported_at DESC, id DESC LIMIT ${Math.trunc(limit)}`,
  };
}

/**
 * The cases of a desk list query (GET /api/cases's filters, area and period, cut to the caller:
 * caseQueryOf), in the list's default order, at most `limit`, with `total`: the same WHERE as
 * the list's pages and its total, so the map holds exactly the list's cases. Its cursor, offset,
 * sort and page size are not read.
 */
export function mapListStatement(query: CaseQuery, limit: number): SnapshotStatement {
  return {
    sql: (p) => `SELECT seq, ${pointColumns('status')}, ${TOTAL} FROM cases WHERE ${filterSql(query, p)} ${PAGE_ORDER} LIMIT ${Math.trunc(limit)}`,
  };
}

/**
 * The cases open at some moment of [from, to): reported before `to` and not ended (结案, 不予立案)
 * before `from`. Four disjoint parts, each served by an index: reported in the period; reported
 * before it and still open; closed since `from`; rejected since `from`. Each row carries
 * `state0`, the case's state at max(from, report) (the state its last event before `from` left
 * it in, else the state before its first event, else its state now), and `ev`, its state changes
 * in the period as "at seq code" items joined by commas (one index range per case).
 */
function replayCasesSql(area: Area, from: number, to: number, p: SqlParams, dialect: Dialect): string {
  // SQLite numbers `?` placeholders in text order: the select list's come first.
  // Only a case reported before the period can have moved before it: one index probe fewer for the rest.
  const state0 = `coalesce(
    CASE WHEN r.reported_at < ${p.value(from)} THEN (SELECT e.to_status FROM case_events e WHERE e.case_id = r.id AND e.at < ${p.value(from)} ORDER BY e.seq DESC LIMIT 1) END,
    (SELECT e.from_status FROM case_events e WHERE e.case_id = r.id ORDER BY e.seq LIMIT 1),
    r.status)`;
  const item = `e.at || ' ' || e.seq || ' ' || (${codeSql('e.to_status', STATE_CODES)})`;
  const joined = dialect === 'postgres' ? `string_agg(${item}, ',')` : `group_concat(${item}, ',')`;
  const ev = `(SELECT ${joined} FROM case_events e WHERE e.case_id = r.id AND e.at >= ${p.value(from)} AND e.at < ${p.value(to)} AND e.to_status <> e.from_status)`;
  const cols = 'id, seq, lon, lat, urgency, category, reported_at, status';
  const a = () => areaWhere(area, p);
  const parts = [
    `SELECT ${cols} FROM cases WHERE ${a()} AND reported_at >= ${p.value(from)} AND reported_at < ${p.value(to)}`,
    `SELECT ${cols} FROM cases WHERE ${a()} AND reported_at < ${p.value(from)} AND ${p.inList('status', [...OPEN_STATUSES])}`,
    `SELECT ${cols} FROM cases WHERE ${a()} AND reported_at < ${p.value(from)} AND closed_at >= ${p.value(from)} AND status = 'closed'`,
    `SELECT ${cols} FROM cases WHERE ${a()} AND reported_at < ${p.value(from)} AND status = 'rejected' AND id IN (SELECT case_id FROM case_events WHERE at >= ${p.value(from)} AND to_status = 'rejected')`,
  ];
  return `SELECT r.id, r.seq, r.lon, r.lat, r.urgency, r.category, r.reported_at, ${state0} AS state0, ${ev} AS ev FROM (${parts.join(' UNION ALL ')}) AS r`;
}

export type Dialect = 'sqlite' | 'postgres';

/** Items in an `ev` list: commas between them. */
const EVENT_ITEMS = "CASE WHEN ev IS NULL THEN 0 ELSE length(ev) - length(replace(ev, ',', '')) + 1 END";

/**
 * A replay of [from, to) in an area, one statement: its cases by report time (at most `limit`),
 * each with id, seq, the coded numbers (state: `state0`), `ev` (its state changes in the period), and
 * on every row `total` (cases) and `events` (state changes of all of them, the ones past the
 * limit included).
 */
export function replayStatement(area: Area, from: number, to: number, limit: number, dialect: Dialect): SnapshotStatement {
  return {
    sql: (p) =>
      `SELECT id, seq, ${pointColumns('state0')}, ev, ${TOTAL}, sum(${EVENT_ITEMS}) OVER () AS events FROM (${replayCasesSql(area, from, to, p, dialect)}) AS c ORDER BY reported_at, id LIMIT ${Math.trunc(limit)}`,
  };
}
