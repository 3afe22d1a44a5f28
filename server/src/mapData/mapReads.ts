import { CATEGORY_CODES, STATE_CODES, URGENCY_CODES, encodeCaseColumns, type ColumnCase, type ColumnEvent } from '../../../shared/src/columnar/caseColumns.js';
import type { CaseStatus } from '../../../shared/src/cases/caseModel.js';
import { columns, type Columns } from '../store/columns.js';
import type { CaseQuery, CaseStore } from '../store/caseStore.js';
import { mapCasesStatements, replayStatements } from './mapSql.js';

/** The coded numbers and ids of the points a statement pair answered, in order. */
function pointsOf(numbers: Columns, idRows: Record<string, unknown>[]): { cases: ColumnCase[]; seqIndex: Map<number, number> } {
  const [lon, lat, u, s, k, t, seq] = columns(numbers, 'lon', 'lat', 'u', 's', 'k', 't', 'seq');
  if (idRows.length !== lon.length) throw new Error(`map read: ${lon.length} points but ${idRows.length} ids (the two reads disagree)`);
  const cases: ColumnCase[] = new Array<ColumnCase>(lon.length);
  const seqIndex = new Map<number, number>();
  for (let i = 0; i < lon.length; i++) {
    // The codes were made in SQL; the encoder codes names, so they go back to names here (a few µs per thousand).
    cases[i] = { id: String(idRows[i]!.id), lon: lon[i]!, lat: lat[i]!, urgency: URGENCY_CODES[u[i]!] ?? '', state: STATE_CODES[s[i]!] ?? '', category: CATEGORY_CODES[k[i]!] ?? '', reportedAt: t[i]! };
    seqIndex.set(seq[i]!, i);
  }
  return { cases, seqIndex };
}

const countOf = (result: Columns): number => columns(result, 'n')[0][0] ?? 0;

/**
 * An area's cases in `states` as a case-columns buffer (kind 'cases'), newest first, at most
 * `limit`; the header counts all that match. Read in one snapshot off the event loop.
 */
export async function readMapCases(store: CaseStore, area: CaseQuery['area'], states: readonly CaseStatus[], limit: number, now: number): Promise<ArrayBuffer> {
  const [numbers, ids, count] = await store.readSnapshot(mapCasesStatements(area, states, limit));
  const { cases } = pointsOf(numbers as Columns, ids as Record<string, unknown>[]);
  const from = cases.reduce((min, c) => Math.min(min, c.reportedAt), now);
  return encodeCaseColumns({ kind: 'cases', cases, totalCases: countOf(count as Columns), fromMs: from, toMs: now });
}

/**
 * A replay of [from, to) in an area as a case-columns buffer (kind 'replay'): the cases open at
 * some moment of it (by report time, at most `limit`) with their state at max(from, report), and
 * their state changes in the period (at most `maxEvents`). Events of cases past the limit are
 * left out and counted with the rest in the header.
 */
export async function readReplay(store: CaseStore, area: CaseQuery['area'], from: number, to: number, limit: number, maxEvents: number): Promise<ArrayBuffer> {
  const [numbers, ids, count, eventNumbers, eventCount] = await store.readSnapshot(replayStatements(area, from, to, limit, maxEvents));
  const { cases, seqIndex } = pointsOf(numbers as Columns, ids as Record<string, unknown>[]);
  const [seq, at, s] = columns(eventNumbers as Columns, 'seq', 'at', 's');
  const events: ColumnEvent[] = [];
  for (let i = 0; i < seq.length; i++) {
    const caseIndex = seqIndex.get(seq[i]!);
    if (caseIndex !== undefined) events.push({ caseIndex, at: at[i]!, state: STATE_CODES[s[i]!] ?? '' });
  }
  return encodeCaseColumns({ kind: 'replay', cases, events, totalCases: countOf(count as Columns), totalEvents: countOf(eventCount as Columns), fromMs: from, toMs: to });
}
