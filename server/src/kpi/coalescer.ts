/**
 * Identical reads asked while one runs share its answer instead of queueing a copy: 50 walls or
 * tabs asking for the same area's KPIs at once cost one query. Only work in flight is shared
 * (nothing is cached after it settles), so the map holds at most one entry per running query.
 */
export class Coalescer {
  private readonly running = new Map<string, { promise: Promise<unknown>; callers: number }>();

  /** `work()`'s answer, or that of the call with the same key still running. */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const shared = this.running.get(key);
    if (shared) {
      shared.callers++;
      return shared.promise as Promise<T>;
    }
    const promise = work().finally(() => this.running.delete(key));
    this.running.set(key, { promise, callers: 1 });
    return promise;
  }

  /** Callers waiting on running work (each shared query counts each of its callers). */
  get waiting(): number {
    let n = 0;
    for (const r of this.running.values()) n += r.callers;
    return n;
  }
}
