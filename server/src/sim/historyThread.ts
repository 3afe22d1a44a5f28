import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HistoryDay, HistoryPlan } from './history.js';

type Reply = { ok: true; day: HistoryDay } | { ok: false; message: string };

/**
 * Main-thread end of a worker thread generating days of history (historyWorker.ts): one day
 * asked at a time, answered with its rows serialised (strings, one copy each between threads).
 * The thread loads the default city and SLA rules itself (a few seconds, beside the main thread).
 */
export class HistoryThread {
  private readonly worker: Worker;
  private waiting: { resolve: (day: HistoryDay) => void; reject: (e: Error) => void } | null = null;
  private dead: Error | null = null;

  constructor(plan: Pick<HistoryPlan, 'days' | 'end' | 'seed'>) {
    // The script is TypeScript: the thread registers the same loader (tsx) first, under any runner.
    const tsx = tsxEsmApi();
    const script = new URL('./historyWorker.ts', import.meta.url).href;
    this.worker = new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script)}); });`, {
      eval: true,
      workerData: { days: plan.days, end: plan.end, seed: plan.seed },
    });
    this.worker.on('message', (reply: Reply) => {
      const waiter = this.waiting;
      this.waiting = null;
      if (reply.ok) waiter?.resolve(reply.day);
      else waiter?.reject(new Error(reply.message));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`history thread exited (code ${code})`)));
  }

  /** Day `index` of the plan, generated on the thread. */
  day(index: number): Promise<HistoryDay> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.waiting) return Promise.reject(new Error('history thread: one day at a time'));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.worker.postMessage(index);
    });
  }

  async close(): Promise<void> {
    this.dead ??= new Error('history thread closed');
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.dead ??= error;
    this.waiting?.reject(error);
    this.waiting = null;
  }
}

/** The URL of tsx's ESM register API (its package exports' import entry), for a thread to load it. */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const exports = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports;
  return pathToFileURL(join(dirname(manifest), exports['./esm/api']!.import.default)).href;
}
