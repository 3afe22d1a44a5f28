import { SqliteThread } from './sqliteThread.js';

/** One statement of a read: `?` placeholders; with `columns`, its numbers as Columns (columns.ts), else row objects. */
export interface ReadStatement {
  sql: string;
  params: unknown[];
  columns?: boolean;
}

/**
 * Read threads (sqliteReader.cjs), each with its own read-only connection, started on demand up
 * to `size`. A read goes to the thread with the fewest waiting, so a short case list need not
 * queue behind a city-wide KPI count when another thread is free.
 */
export class SqliteReadPool {
  private readonly threads: SqliteThread[] = [];
  private closed = false;

  constructor(private readonly setup: { file: string; pragmas: string[]; size: number }) {}

  /** The statements' answers (row objects, or Columns), in order, from one snapshot of the database. */
  read(statements: ReadStatement[]): Promise<unknown[]> {
    if (this.closed) return Promise.reject(new Error('the SQLite store is closed'));
    return this.pick().request('read', { statements });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((t) => t.close()));
  }

  private pick(): SqliteThread {
    let best: SqliteThread | undefined;
    for (const t of this.threads) if (!best || t.pending < best.pending) best = t;
    if (best && (best.pending === 0 || this.threads.length >= this.setup.size)) return best;
    const thread = new SqliteThread('./sqliteReader.cjs', { file: this.setup.file, pragmas: this.setup.pragmas });
    this.threads.push(thread);
    return thread;
  }
}
