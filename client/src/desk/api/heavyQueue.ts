/** Goes before the charts: the KPI strip and the ranking, what an analyst reads first. */
export const FIRST = 0;
/** The charts (category, urgency, subcategory). */
export const LATER = 1;

interface Waiting {
  priority: number;
  start: () => void;
}

/**
 * The page's heavy queries (KPIs, breakdowns) against the server's per-account limit, at most
 * `max` at once. The server holds a query's slot until its work ends, whether or not the client
 * still waits for it, so this queue does the same:
 * - a caller that gives up (its signal aborts) while its query waits is dropped before it starts;
 * - a caller that gives up while its query runs gets its rejection at once, but the query goes on
 *   to its answer (dropped) and only then frees the slot: a new view's queries start when the
 *   server has room for them, instead of meeting 429s and their retries;
 * - waiting queries start by priority (FIRST before LATER), in the order asked within one; a
 *   query asked for starts a microtask later, so the queries one render's effects ask for (in
 *   whatever order React runs them) are all queued before any starts, and the FIRST ones go first.
 * The task gets a signal that aborts when its caller gave up (to stop retrying, not to cut the request).
 * Memory: one entry per query waiting.
 */
export class HeavyQueue {
  private running = 0;
  private readonly waiting: Waiting[] = [];
  private nextQueued = false;

  constructor(readonly max: number) {}

  /** Queries running now, abandoned ones included. */
  get active(): number {
    return this.running;
  }

  /** Queries waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  run<T>(task: (abandoned: AbortSignal) => Promise<T>, priority: number, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const entry: Waiting = {
        priority,
        start: () => {
          signal?.removeEventListener('abort', dropWaiting);
          this.running++;
          const abandoned = new AbortController();
          const giveUp = () => {
            abandoned.abort(signal?.reason);
            reject(signal?.reason);
          };
          signal?.addEventListener('abort', giveUp, { once: true });
          new Promise<T>((done) => done(task(abandoned.signal)))
            .then(resolve, reject)
            .finally(() => {
              signal?.removeEventListener('abort', giveUp);
              this.running--;
              this.next();
            });
        },
      };
      const dropWaiting = () => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', dropWaiting, { once: true });
      // After the last of its priority: FIFO within one.
      const at = this.waiting.findIndex((w) => w.priority > priority);
      this.waiting.splice(at < 0 ? this.waiting.length : at, 0, entry);
      if (!this.nextQueued) {
        this.nextQueued = true;
        queueMicrotask(() => {
          this.nextQueued = false;
          this.next();
        });
      }
    });
  }

  private next(): void {
    while (this.running < this.max && this.waiting.length > 0) this.waiting.shift()!.start();
  }
}
