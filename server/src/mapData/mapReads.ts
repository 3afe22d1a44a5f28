import { CATEGORY_CODES, STATE_CODES, URGENCY_CODES, encodeCaseColumns, type ColumnCase, type ColumnEvent } from '../../../shared/src/columnar/caseColumns.js';
import type { CaseQuery, CaseStore, SnapshotStatement } from '../store/caseStore.js';
import { replayStatement } from './mapSql.js';

type Row = Record<string, unknown>;

/** PostgreSQL answers window sums as NUMERIC text; SQLite as numbers. */
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

/** A row's point. The codes were made in SQL; the encoder takes names, so they go back to names here. */
function pointOf(r: Row): ColumnCase {
  return {
    seq: num(r.seq),
    lon: num(r.lon),
    lat: num(r.lat),
    urgency: URGENCY_CODES[num(r.u)] ?? '',
    state: STATE_CODES[num(r.s)] ?? '',
    category: CATEGORY_CODES[num(r.k)] ?? '',
    reportedAt: num(r.t),
  };
}

/**
 * The cases of one map statement (mapSql: the wall's states, or a desk list query) as a
 * case-columns buffer (kind 'cases'), newest first; the header counts all that match. One
 * statement, on the store's read thread.
 */
export async function readMapCases(store: CaseStore, statement: SnapshotStatement, now: number): Promise<ArrayBuffer> {
  const [rows] = (await store.readSnapshot([statement])) as [Row[]];
  const cases = rows.map(pointOf);
  const from = cases.reduce((min, c) => Math.min(min, c.reportedAt), now);
  return encodeCaseColumns({ kind: 'cases', cases, totalCases: rows.length ? num(rows[0]!.total) : 0, fromMs: from, toMs: now });
}

/**
 * A replay of [from, to) in an area as a case-columns buffer (kind 'replay'): the cases open at
 * some moment of it (by report time, at most `limit`) with their state at max(from, report), and
 * their state changes in the period in time order (at most `maxEvents`). The header counts the
 * cases and events left out.
 */
export async function readReplay(store: CaseStore, area: CaseQuery['area'], from: number, to: number, limit: number, maxEvents: number): Promise<ArrayBuffer> {
  const [rows] = (await store.readSnapshot([replayStatement(area, from, to, limit, store.kind)])) as [Row[]];
  const cases = rows.map(pointOf);
  // [at, seq, state code, case index] per state change, then in time order (seq orders one millisecond).
  const items: number[][] = [];
  rows.forEach((r, caseIndex) => {
    if (typeof r.ev !== 'string' || r.ev === '') return;
    for (const item of r.ev.split(',')) {
      const [at, seq, code] = item.split(' ').map(Number) as [number, number, number];
      items.push([at, seq, code, caseIndex]);
    }
  });
  items.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  const events: ColumnEvent[] = items.slice(0, maxEvents).map(([at, , code, caseIndex]) => ({ caseIndex: caseIndex!, at: at!, state: STATE_CODES[code!] ?? '' }));
  const first = rows[0];
  return encodeCaseColumns({
    kind: 'replay',
    cases,
    events,
    totalCases: first ? num(first.total) : 0,
    totalEvents: first ? num(first.events) : 0,
    fromMs: from,
    toMs: to,
  });
}
