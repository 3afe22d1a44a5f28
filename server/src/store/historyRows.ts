import type { CaseEvent } from '../../../shared/src/cases/caseEvent.js';
import type { Case } from '../../../shared/src/cases/caseModel.js';
import { CASE_COLUMNS, EVENT_COLUMNS, eventToRow, toRow } from './caseRow.js';

/**
 * A batch of generated history as the stores write it: the cases' rows (CASE_COLUMNS order) and
 * then their events' rows (EVENT_COLUMNS order), flat, serialised as one JSON string. A string
 * crosses to the SQLite writer thread as one copy, where an array of ~100,000 values is cloned
 * value by value; the parsing then happens on the writer thread, off the event loop.
 */
export interface HistoryRows {
  cases: number;
  events: number;
  json: string;
}

/** Cases and their events → rows, serialised (the history's only conversion to rows). */
export function historyRows(items: readonly { case: Case; events: readonly CaseEvent[] }[]): HistoryRows {
  const cases: unknown[] = [];
  const events: unknown[] = [];
  for (const item of items) {
    const row = toRow(item.case);
    for (const c of CASE_COLUMNS) cases.push(row[c.name]);
    for (const e of item.events) {
      const eventRow = eventToRow(e);
      for (const c of EVENT_COLUMNS) events.push(eventRow[c.name]);
    }
  }
  return { cases: items.length, events: events.length / EVENT_COLUMNS.length, json: JSON.stringify([cases, events]) };
}

/** The flat values back: [case values, event values]. */
export function parseHistoryRows(rows: HistoryRows): [unknown[], unknown[]] {
  return JSON.parse(rows.json) as [unknown[], unknown[]];
}
