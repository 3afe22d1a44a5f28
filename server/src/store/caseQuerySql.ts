import type { CaseQuery } from './caseStore.js';
import { kpiFilterSql } from './kpiSql.js';

/** How a driver spells parameters; each call appends its values to the driver's parameter list. */
export interface SqlParams {
  /** One value → its placeholder. */
  value(v: string | number): string;
  /** `column IN (...)` for a non-empty list. */
  inList(column: string, values: readonly string[]): string;
}

/** Rows a store page may hold: the API allows 500, exports read pages of up to this many. */
export const MAX_LIMIT = 5_000;

/**
 * Codes nest, so a street's or a community's cases are a range of grid codes: the grid index serves
 * them, and each insert maintains two fewer indexes (ingest speed is what they would cost).
 * ':' sorts right after '9', so [code, code + ':') holds exactly the codes below `code`.
 */
export function areaSql(area: NonNullable<CaseQuery['area']> | undefined, p: SqlParams): string {
  if (!area) return 'TRUE';
  switch (area.level) {
    case 'city':
      return 'TRUE';
    case 'district':
      return `district = ${p.value(area.code)}`;
    case 'grid':
      return `grid = ${p.value(area.code)}`;
    case 'street':
    case 'community':
      return `grid >= ${p.value(area.code)} AND grid < ${p.value(`${area.code}:`)}`;
  }
}

/**
 * WHERE clause (without the keyword; 'TRUE' when nothing filters) for a query's filters. An empty
 * list filters nothing: it is how a query string spells "not given". The cursor is left out, so
 * the same clause also counts the total.
 */
export function filterSql(q: CaseQuery, p: SqlParams): string {
  const where: string[] = [];
  if (q.area && q.area.level !== 'city') where.push(areaSql(q.area, p));
  const lists = [
    ['status', q.status],
    ['category', q.category],
    ['subcategory', q.subcategory],
    ['urgency', q.urgency],
    ['channel', q.channel],
  ] as const;
  for (const [column, values] of lists) if (values && values.length > 0) where.push(p.inList(column, values));
  if (q.party !== undefined) where.push(q.party === 'reported' ? 'reporter_party = 1' : 'handler_party = 1');
  if (q.source !== undefined) where.push(`source = ${p.value(q.source)}`);
  if (q.assignee !== undefined) where.push(`assignee = ${p.value(q.assignee)}`);
  if (q.kpi) where.push(kpiFilterSql(q.kpi.name, q.kpi.period, p));
  if (q.from !== undefined) where.push(`reported_at >= ${p.value(q.from)}`);
  if (q.to !== undefined) where.push(`reported_at < ${p.value(q.to)}`);
  if (q.text !== undefined) {
    // LIKE with our own escape character, so % and _ in the text are matched as themselves.
    const pattern = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(`(address LIKE ${p.value(pattern)} ESCAPE '\\' OR description LIKE ${p.value(pattern)} ESCAPE '\\')`);
  }
  return where.length ? where.join(' AND ') : 'TRUE';
}

/** Keyset condition for the page after `cursor`, newest first; '' without a cursor. */
export function cursorSql(cursor: string | undefined, p: SqlParams): string {
  if (cursor === undefined) return '';
  const key = decodeCursor(cursor);
  return ` AND (reported_at, id) < (${p.value(key.reportedAt)}, ${p.value(key.id)})`;
}

export const PAGE_ORDER = 'ORDER BY reported_at DESC, id DESC';

/** 重大 > 突出 > 一般 > 简易 */
const URGENCY_RANK = "CASE urgency WHEN 'major' THEN 3 WHEN 'prominent' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END";

/**
 * ORDER BY of a page: the sort key, then newest first and by id, so every order is total. Cases without a deadline come last in both orders.
 * With `first`, that worker's cases come before all others (each part in the same order); its value
 * is a parameter, so call this after the WHERE clause's parameters are taken.
 */
export function orderSql(sort: CaseQuery['sort'], first?: CaseQuery['first'], p?: SqlParams): string {
  const keys = sortKeys(sort);
  if (!first) return `ORDER BY ${keys}`;
  if (!p) throw new Error('orderSql: `first` needs the driver\'s parameters');
  return `ORDER BY CASE WHEN assignee = ${p.value(first.assignee)} THEN 0 ELSE 1 END, ${keys}`;
}

function sortKeys(sort: CaseQuery['sort']): string {
  if (!sort || sort.key === 'reportedAt') return sort?.order === 'asc' ? 'reported_at ASC, id ASC' : PAGE_ORDER.slice('ORDER BY '.length);
  const dir = sort.order === 'asc' ? 'ASC' : 'DESC';
  switch (sort.key) {
    case 'urgency':
      return `${URGENCY_RANK} ${dir}, reported_at DESC, id DESC`;
    case 'deadline':
      return `CASE WHEN deadline IS NULL THEN 1 ELSE 0 END, deadline ${dir}, reported_at DESC, id DESC`;
    case 'area':
      return `grid ${dir}, reported_at DESC, id DESC`;
  }
}

/** Whether a query pages by the keyset cursor (the default order): only then is there a nextCursor. */
export const pagesByCursor = (q: CaseQuery): boolean => !q.first && (!q.sort || (q.sort.key === 'reportedAt' && q.sort.order === 'desc'));

/** LIMIT and OFFSET of a page: one row more than the page tells whether another follows. */
export function pageSql(q: CaseQuery, limit: number): string {
  return `LIMIT ${limit + 1}${q.offset ? ` OFFSET ${Math.trunc(q.offset)}` : ''}`;
}

export function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new RangeError(`limit must be an integer in 1..${MAX_LIMIT}, got ${limit}`);
  return limit;
}

export interface CursorKey {
  /** epoch ms */
  reportedAt: number;
  id: string;
}

/** Opaque to clients: base64url of "reportedAt:id". */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(`${key.reportedAt}:${key.id}`, 'utf8').toString('base64url');
}

/** Throws an Error whose message starts with "cursor" (the route answers 400) when malformed. */
export function decodeCursor(cursor: string): CursorKey {
  const bad = (why: string): Error => new Error(`cursor is not valid (${why}); use nextCursor from the previous page`);
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw bad('not base64url');
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^(-?\d{1,16}):([^\s:]{1,100})$/.exec(text);
  if (!match) throw bad('unexpected content');
  const reportedAt = Number(match[1]);
  if (!Number.isSafeInteger(reportedAt)) throw bad('time out of range');
  return { reportedAt, id: match[2]! };
}
