import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; message: string; code?: string };

/** An error raised in a SQLite thread, with SQLite's code (e.g. SQLITE_CONSTRAINT_UNIQUE). */
export class SqliteThreadError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SqliteThreadError';
  }
}

/**
 * Main-thread end of one of the store's worker scripts (sqliteWriter.cjs, sqliteReader.cjs), each
 * with its own connection: requests `{ id, op, ... }` answered in order with `{ id, ok, result }`.
 * The worker is referenced only while a request waits, so an idle store never keeps the process
 * alive; if the thread dies, every waiting and later request fails with the reason.
 */
export class SqliteThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private dead: Error | null = null;

  /** `script`: a file next to this one; `setup` reaches it as workerData, with the driver's path. */
  constructor(script: string, setup: Record<string, unknown>) {
    const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(fileURLToPath(new URL(script, import.meta.url)), { workerData: { ...setup, driverPath }, execArgv: [] });
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => this.settle(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`SQLite thread ${script} exited (code ${code})`)));
  }

  /** Requests sent and not answered yet. */
  get pending(): number {
    return this.waiting.size;
  }

  request<T>(op: string, message: Record<string, unknown> = {}): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    if (this.waiting.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...message, op, id });
    });
  }

  /** Closes the thread's connection; later requests fail. */
  async close(): Promise<void> {
    if (this.dead) return;
    await this.request('close');
    this.dead = new Error('the SQLite store is closed');
  }

  private settle(reply: Reply): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker.unref();
    if (reply.ok) waiter.resolve(reply.result);
    else waiter.reject(new SqliteThreadError(reply.message, reply.code));
  }

  private fail(error: Error): void {
    this.dead ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
