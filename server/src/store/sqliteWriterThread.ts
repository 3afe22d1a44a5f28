import type { CaseRow } from './caseRow.js';
import { SqliteThread } from './sqliteThread.js';

export interface WriterSetup {
  file: string;
  pragmas: string[];
  insertSql: string;
  byExternalSql: string;
  transitionSql: string;
  eventSql: string;
  /** Positions of source, channel and external_id in an insert row. */
  sourceIndex: number;
  channelIndex: number;
  externalIdIndex: number;
}

/** Main-thread end of sqliteWriter.cjs: inserts and transitions, answered in order after commit. */
export class SqliteWriterThread {
  private readonly thread: SqliteThread;

  constructor(setup: WriterSetup) {
    this.thread = new SqliteThread('./sqliteWriter.cjs', { ...setup });
  }

  /** `values`: the rows one after another, `width` values each. `inserted`: per row its seq, 0 where it was not inserted. */
  insert(values: unknown[], width: number): Promise<{ inserted: Float64Array; existing: CaseRow[] }> {
    return this.thread.request('insert', { values, width });
  }

  transition(items: [unknown[], unknown[]][]): Promise<Uint8Array> {
    return this.thread.request('transition', { items });
  }

  /** `json`: [cases (flat, `width` values each), events (flat, `eventWidth` each)] (historyRows.ts), in one transaction. */
  insertHistory(json: string, width: number, eventWidth: number): Promise<null> {
    return this.thread.request('history', { json, width, eventWidth });
  }

  /** Marks a history as being written into the empty tables and drops their indexes; then `pragmas` for its rows. */
  beginHistory(pragmas: string[]): Promise<null> {
    return this.thread.request('historyBegin', { pragmas });
  }

  /** Builds the indexes (with `buildPragmas`) and removes the mark, once every row is on disk; the usual pragmas after. */
  endHistory(buildPragmas: string[]): Promise<true> {
    return this.thread.request('historyEnd', { buildPragmas });
  }

  /** Where a history was left unfinished: its rows removed, the indexes built, the mark removed; false if none. */
  discardHistory(buildPragmas: string[]): Promise<boolean> {
    return this.thread.request('historyDiscard', { buildPragmas });
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}
