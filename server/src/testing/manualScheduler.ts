import type { Scheduler } from '../live/liveHub.js';

/**
 * A scheduler that runs nothing by itself: a test calls `fire(ms)` to run, once, every task
 * registered with that period (the live hub's 250 ms tick, its 5 s heartbeat, ...), so what a
 * tick sends does not depend on how fast the machine is.
 */
export class ManualScheduler implements Scheduler {
  private readonly tasks = new Set<{ ms: number; fn: () => void }>();

  every(ms: number, fn: () => void): () => void {
    const task = { ms, fn };
    this.tasks.add(task);
    return () => void this.tasks.delete(task);
  }

  /** Runs each task of period `ms` once; returns how many ran. */
  fire(ms: number): number {
    const due = [...this.tasks].filter((t) => t.ms === ms);
    for (const task of due) task.fn();
    return due.length;
  }
}
