import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CaseRow } from './caseRow.js';

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

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; message: string; code?: string };

/** An error raised in the writer thread, with SQLite's code (e.g. SQLITE_CONSTRAINT_UNIQUE). */
export class SqliteWriteError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SqliteWriteError';
  }
}

/**
 * Main-thread end of sqliteWriter.cjs: one request at a time in flight per call, answered in
 * order. The worker is referenced only while a request waits, so an idle store never keeps the
 * process alive; if the thread dies, every waiting and later request fails with the reason.
 */
export class SqliteWriterThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private dead: Error | null = null;

  constructor(setup: WriterSetup) {
    const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(fileURLToPath(new URL('./sqliteWriter.cjs', import.meta.url)), { workerData: { ...setup, driverPath }, execArgv: [] });
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => this.settle(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`SQLite writer thread exited (code ${code})`)));
  }

  /** `values`: the rows one after another, `width` values each. */
  insert(values: unknown[], width: number): Promise<{ inserted: Uint8Array; existing: CaseRow[] }> {
    return this.request({ op: 'insert', values, width }) as Promise<{ inserted: Uint8Array; existing: CaseRow[] }>;
  }

  transition(items: [unknown[], unknown[]][]): Promise<Uint8Array> {
    return this.request({ op: 'transition', items }) as Promise<Uint8Array>;
  }

  async close(): Promise<void> {
    if (this.dead) return;
    await this.request({ op: 'close' });
    this.dead = new Error('the SQLite store is closed');
  }

  private request(message: Record<string, unknown>): Promise<unknown> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    if (this.waiting.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  private settle(reply: Reply): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker.unref();
    if (reply.ok) waiter.resolve(reply.result);
    else waiter.reject(new SqliteWriteError(reply.message, reply.code));
  }

  private fail(error: Error): void {
    this.dead ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
