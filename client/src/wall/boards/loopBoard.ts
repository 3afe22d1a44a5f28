import { nextStepOnGrid } from './stepGrid.js';

export interface LoopBoardConfig {
  /** Rows in view. */
  visibleRows: number;
  /** One row scrolls by per step when the list is longer than the view (ms). */
  stepMs: number;
}

/** One row to draw: `slot` 0 is the top row in view; -1 is leaving above, `visibleRows` waiting below. */
export interface LoopRow {
  /** React key: stable while the row scrolls through the view. */
  key: string;
  item: string;
  slot: number;
  /** 1-based place in the ranking the row belongs to. */
  rank: number;
}

/**
 * A ranking board (轮播表) that scrolls one row per step, round and round, when the ranking is
 * longer than the view, and stands still when it fits. The ranking changes with every live
 * update (4 a second); the board never reorders rows in view because of that: each lap uses the
 * ranking as it was just before the lap's first row came into the window, and a ranking that fits
 * is re-sorted at most once per step (the rows glide to their new places). Pure: time comes in as
 * `now` (ms) and the caller sets one timer for `nextStepAt()`.
 *
 * Bounded: rows() returns at most visibleRows + 2 rows; it keeps the latest ranking, the one
 * shown (when it fits) and the rankings of at most two laps.
 */
export class LoopBoard {
  private ranking: readonly string[] = [];
  private shown: readonly string[] = [];
  /** Rankings frozen per lap number (offset / length), for the laps in the window. */
  private readonly laps = new Map<number, readonly string[]>();
  /** Absolute index of the item in slot 0 (grows by one per step; the lap is offset / length). */
  private offset = 0;
  private lastStepAt: number | null = null;

  constructor(readonly config: LoopBoardConfig) {}

  get looping(): boolean {
    return this.ranking.length > this.config.visibleRows;
  }

  /** The latest ranking, best first. A different set of items (another area) restarts the board. */
  setRanking(items: readonly string[], now: number): void {
    const sameSet = items.length === this.ranking.length && items.every((i) => this.ranking.includes(i));
    this.ranking = items;
    if (!sameSet) {
      this.offset = 0;
      this.laps.clear();
      this.shown = items;
      this.lastStepAt = now;
      this.freezeWindow();
    }
  }

  /** When the next step is due (ms), or null when the board has nothing to do. */
  nextStepAt(): number | null {
    if (!this.looping && sameOrder(this.shown, this.ranking)) return null;
    return nextStepOnGrid(this.lastStepAt, this.config.stepMs);
  }

  /** Scrolls one row (or re-sorts a ranking that fits) if it is time; true if the board changed. */
  step(now: number): boolean {
    const due = this.nextStepAt();
    if (due === null || now < due) return false;
    this.lastStepAt = now;
    if (this.looping) {
      this.offset++;
      this.freezeWindow();
    } else {
      this.shown = this.ranking;
    }
    return true;
  }

  rows(): LoopRow[] {
    if (!this.looping) return this.shown.map((item, i) => ({ key: item, item, slot: i, rank: i + 1 }));
    const n = this.ranking.length;
    const out: LoopRow[] = [];
    for (let slot = -1; slot <= this.config.visibleRows; slot++) {
      const abs = this.offset + slot;
      if (abs < 0) continue;
      const lap = Math.floor(abs / n);
      const item = (this.laps.get(lap) ?? this.ranking)[abs % n]!;
      // A list one longer than the view shows the same item twice (leaving and waiting): the lap tells them apart.
      out.push({ key: `${item}:${lap}`, item, slot, rank: (abs % n) + 1 });
    }
    return out;
  }

  /** Freezes the ranking of each lap as its first row enters the window; forgets laps behind it. */
  private freezeWindow(): void {
    const n = this.ranking.length;
    if (n === 0 || !this.looping) return;
    const first = Math.floor(Math.max(0, this.offset - 1) / n);
    const last = Math.floor((this.offset + this.config.visibleRows) / n);
    for (const lap of this.laps.keys()) if (lap < first) this.laps.delete(lap);
    for (let lap = first; lap <= last; lap++) if (!this.laps.has(lap)) this.laps.set(lap, this.ranking);
  }
}

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
