import { nextStepOnGrid } from './stepGrid.js';

/** Something the feed board shows: anything with a stable id (a case summary). */
export interface FeedItem {
  id: string;
}

export interface FeedBoardConfig {
  /** Rows in view. The board holds one more: the row sliding out at the bottom. */
  visibleRows: number;
  /** The board's own cadence: at most one row enters per step, however fast cases arrive (ms). */
  stepMs: number;
  /** Cases waiting to enter, at most; beyond it the oldest waiting are dropped (counted in `dropped`). */
  queueCapacity: number;
}

export const FEED_BOARD_DEFAULTS: Omit<FeedBoardConfig, 'visibleRows'> = {
  stepMs: 1500, // 40 rows a minute at most: each slide (600 ms) ends well before the next
  queueCapacity: 200, // at 1.5 s a row, the board lags real time by 5 minutes at worst
};

/**
 * The live case board (轮播表): newest case on top; new cases queue and slide in one at a time at
 * the board's fixed cadence, in the order they arrived, so a burst never makes it jump or speed up.
 * Pure: time comes in as `now` (ms), and the caller sets one timer for `nextStepAt()`.
 *
 * Bounded: `rows` ≤ visibleRows + 1, the queue ≤ queueCapacity, and the ids it knows are those
 * of the rows, the queue and the last latest list received (AreaFeed keeps 100).
 */
export class FeedBoard<T extends FeedItem> {
  /** Newest first; the row at index `visibleRows` (if any) is sliding out below the view. */
  rows: T[] = [];
  /** Id of the row that entered in the last step (it slides in), or null. */
  entering: string | null = null;
  /** Cases dropped from a full queue since the board started. */
  dropped = 0;
  private queue: T[] = [];
  /** Ids of the rows, the queue and the last latest list: a case in none of them is new. */
  private known = new Set<string>();
  private lastStepAt: number | null = null;
  private filled = false;

  constructor(readonly config: FeedBoardConfig) {}

  get queued(): number {
    return this.queue.length;
  }

  /**
   * Takes the feed's latest cases, newest first. The first call fills the board at once (the
   * wall opens full); later calls queue the cases not seen yet, oldest first, and update the
   * cases already on the board or waiting (a status change) in place.
   */
  receive(latest: readonly T[]): void {
    const byId = new Map(latest.map((c) => [c.id, c]));
    this.rows = this.rows.map((r) => byId.get(r.id) ?? r);
    this.queue = this.queue.map((q) => byId.get(q.id) ?? q);
    if (!this.filled) {
      this.filled = true;
      this.rows = latest.slice(0, this.config.visibleRows);
    } else {
      // Newest first in, oldest first out: walk backwards so the queue keeps arrival order.
      for (let i = latest.length - 1; i >= 0; i--) if (!this.known.has(latest[i]!.id)) this.queue.push(latest[i]!);
      const over = this.queue.length - this.config.queueCapacity;
      if (over > 0) {
        this.queue.splice(0, over);
        this.dropped += over;
      }
    }
    // Dropped cases stay known while they are in the latest list, so they never come back.
    this.known = new Set([...byId.keys(), ...this.queue.map((q) => q.id), ...this.rows.map((r) => r.id)]);
  }

  /** When the next row may enter (ms), or null when nothing is waiting. */
  nextStepAt(): number | null {
    if (this.queue.length === 0) return null;
    return nextStepOnGrid(this.lastStepAt, this.config.stepMs);
  }

  /** Lets the oldest waiting case enter if its time has come; true if the board changed. */
  step(now: number): boolean {
    const due = this.nextStepAt();
    if (due === null || now < due) return false;
    const next = this.queue.shift()!;
    this.rows = [next, ...this.rows].slice(0, this.config.visibleRows + 1);
    this.entering = next.id;
    this.lastStepAt = now;
    return true;
  }
}
