import { CATEGORY_CODES, STATE_CODES, UNKNOWN, URGENCY_CODES } from '../../../shared/src/columnar/caseColumns.js';
import { OPEN_STATUSES, type CaseStatus } from '../../../shared/src/cases/caseModel.js';
import { areaSql, type SqlParams } from '../store/caseQuerySql.js';
import type { CaseQuery, SnapshotStatement } from '../store/caseStore.js';

type Area = CaseQuery['area'];

/** `CASE column WHEN 'a' THEN 0 ... ELSE 255 END`: a text column as the columns' Uint8 code, in SQL (our own constant lists, no user text). */
function codeSql(column: string, codes: readonly string[]): string {
  return `CASE ${column} ${codes.map((c, i) => `WHEN '${c.replace(/'/g, "''")}' THEN ${i}`).join(' ')} ELSE ${UNKNOWN} END`;
}

/** The numbers of a point, coded: lon, lat, u (urgency), s (state), k (category), t (reported, epoch ms), seq (the case's row). */
const pointColumns = (state: string) =>
  `lon, lat, ${codeSql('urgency', URGENCY_CODES)} AS u, ${codeSql(state, STATE_CODES)} AS s, ${codeSql('category', CATEGORY_CODES)} AS k, reported_at AS t, seq`;

const areaWhere = (area: Area, p: SqlParams): string => (area ? areaSql(area, p) : 'TRUE');

/**
 * An area's cases in `states`, newest first, at most `limit`: their numbers (Columns), their ids
 * (rows, same order), and how many match in all.
 */
export function mapCasesStatements(area: Area, states: readonly CaseStatus[], limit: number): SnapshotStatement[] {
  const where = (p: SqlParams) => `${areaWhere(area, p)} AND ${p.inList('status', states)}`;
  const page = `ORDER BY reported_at DESC, id DESC LIMIT ${Math.trunc(limit)}`;
  return [
    { sql: (p) => `SELECT ${pointColumns('status')} FROM cases WHERE ${where(p)} ${page}`, columns: true },
    { sql: (p) => `SELECT id FROM cases WHERE ${where(p)} ${page}` },
    { sql: (p) => `SELECT count(*) AS n FROM cases WHERE ${where(p)}`, columns: true },
  ];
}

/**
 * The cases open at some moment of [from, to): reported before `to` and not ended (结案, 不予立案)
 * before `from`. Four disjoint parts, each served by an index: reported in the period; reported
 * before it and still open; closed since `from`; rejected since `from`. Each row carries
 * `state0`, the case's state at max(from, report): the state its last event before `from` left
 * it in, else the state before its first event, else its state now (no events).
 */
function replayCasesSql(area: Area, from: number, to: number, p: SqlParams, withState0: boolean): string {
  // Placeholders are numbered in the order of the text for SQLite: state0's comes first.
  const state0 = withState0
    ? `, coalesce(
    (SELECT e.to_status FROM case_events e WHERE e.case_id = r.id AND e.at < ${p.value(from)} ORDER BY e.seq DESC LIMIT 1),
    (SELECT e.from_status FROM case_events e WHERE e.case_id = r.id ORDER BY e.seq LIMIT 1),
    r.status) AS state0`
    : '';
  const cols = `seq, id, lon, lat, urgency, category, reported_at, status`;
  const a = () => areaWhere(area, p);
  const parts = [
    `SELECT ${cols} FROM cases WHERE ${a()} AND reported_at >= ${p.value(from)} AND reported_at < ${p.value(to)}`,
    `SELECT ${cols} FROM cases WHERE ${a()} AND reported_at < ${p.value(from)} AND ${p.inList('status', [...OPEN_STATUSES])}`,
    `SELECT ${cols} FROM cases WHERE ${a()} AND reported_at < ${p.value(from)} AND closed_at >= ${p.value(from)} AND status = 'closed'`,
    `SELECT ${cols} FROM cases WHERE ${a()} AND reported_at < ${p.value(from)} AND status = 'rejected' AND id IN (SELECT case_id FROM case_events WHERE at >= ${p.value(from)} AND to_status = 'rejected')`,
  ];
  return `SELECT r.seq, r.id, r.lon, r.lat, r.urgency, r.category, r.reported_at${state0} FROM (${parts.join(' UNION ALL ')}) AS r`;
}

/**
 * A replay of [from, to) in an area: its cases (numbers, then ids in the same order: by report
 * time, at most `limit`), how many there are in all, and their state changes in the period in
 * time order (case row, time, new state), at most `maxEvents` (events of cases past the limit are
 * dropped by the caller and counted).
 */
export function replayStatements(area: Area, from: number, to: number, limit: number, maxEvents: number): SnapshotStatement[] {
  const order = `ORDER BY reported_at, id LIMIT ${Math.trunc(limit)}`;
  return [
    { sql: (p) => `SELECT ${pointColumns('state0')} FROM (${replayCasesSql(area, from, to, p, true)}) AS c ${order}`, columns: true },
    { sql: (p) => `SELECT id FROM (${replayCasesSql(area, from, to, p, false)}) AS c ${order}` },
    { sql: (p) => `SELECT count(*) AS n FROM (${replayCasesSql(area, from, to, p, false)}) AS c`, columns: true },
    {
      sql: (p) =>
        `SELECT c.seq AS seq, e.at AS at, ${codeSql('e.to_status', STATE_CODES)} AS s FROM case_events e JOIN cases c ON c.id = e.case_id ` +
        `WHERE e.at >= ${p.value(from)} AND e.at < ${p.value(to)} AND e.to_status <> e.from_status AND ${areaWhere(area, p)} ORDER BY e.at, e.seq LIMIT ${Math.trunc(maxEvents)}`,
      columns: true,
    },
    { sql: (p) => `SELECT count(*) AS n FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.at >= ${p.value(from)} AND e.at < ${p.value(to)} AND e.to_status <> e.from_status AND ${areaWhere(area, p)}`, columns: true },
  ];
}
