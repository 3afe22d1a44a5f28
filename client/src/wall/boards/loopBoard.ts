import { nextStepOnGrid } from './stepGrid.js';

export interface LoopBoardConfig<T> {
  /** Rows in view. */
  visibleRows: number;
  /** One row scrolls by per step when the list is longer than the view (ms). */
  stepMs: number;
  /** An item's identity (a unit's code): the same key in two rankings is the same row. */
  keyOf: (item: T) => string;
}

/** One row to draw: `slot` 0 is the top row in view; -1 is leaving above, `visibleRows` waiting below. */
export interface LoopRow<T> {
  /** React key: stable while the row scrolls through the view. */
  key: string;
  /** The item as it was in the ranking its row belongs to (a frozen lap, the sorted view). */
  item: T;
  slot: number;
  /** 1-based place in the ranking the row belongs to. */
  rank: number;
  /**
   * Whether the row glides to its slot (a scroll: every row moves one up together) or jumps there
   * (a re-sort or a new board: rows gliding past each other would be drawn on top of each other).
   */
  glide: boolean;
}

/**
 * A ranking board (轮播表) that scrolls one row per step, round and round, when the ranking is
 * longer than the view, and stands still when it fits. The ranking changes with every live
 * update (4 a second); the board never reorders rows in view because of that: each lap uses the
 * ranking as it was just before the lap's first row came into the window, and a ranking that fits
 * is re-sorted at most once per step (the rows jump to their new places). Rows carry the items of
 * the ranking they were placed by, so what a row shows (a score) always agrees with its place;
 * a ranking that fits takes new items at once when their order is unchanged. Pure: time comes in
 * as `now` (ms) and the caller sets one timer for `nextStepAt()`.
 *
 * Bounded: rows() returns at most visibleRows + 2 rows; it keeps the latest ranking, the one
 * shown (when it fits) and the rankings of at most two laps.
 */
export class LoopBoard<T> {
  private ranking: readonly T[] = [];
  private shown: readonly T[] = [];
  /** Rankings frozen per lap number (offset / length), for the laps in the window. */
  private readonly laps = new Map<number, readonly T[]>();
  /** Absolute index of the item in slot 0 (grows by one per step; the lap is offset / length). */
  private offset = 0;
  private lastStepAt: number | null = null;
  /** How the rows got to their slots last: by a scroll (glide) or a re-sort or restart (jump). */
  private glide = false;

  constructor(readonly config: LoopBoardConfig<T>) {}

  get looping(): boolean {
    return this.ranking.length > this.config.visibleRows;
  }

  /** The latest ranking, best first. A different set of items (another area) restarts the board. */
  setRanking(items: readonly T[], now: number): void {
    const { keyOf } = this.config;
    const keys = new Set(this.ranking.map(keyOf));
    const sameSet = items.length === this.ranking.length && items.every((i) => keys.has(keyOf(i)));
    this.ranking = items;
    if (!sameSet) {
      this.offset = 0;
      this.laps.clear();
      this.shown = items;
      this.lastStepAt = now;
      this.glide = false;
      this.freezeWindow();
    } else if (!this.looping && this.sameOrder(this.shown, items)) {
      this.shown = items; // new figures, same places: nothing moves
    }
  }

  /** When the next step is due (ms), or null when the board has nothing to do. */
  nextStepAt(): number | null {
    if (!this.looping && this.sameOrder(this.shown, this.ranking)) return null;
    return nextStepOnGrid(this.lastStepAt, this.config.stepMs);
  }

  /** Scrolls one row (or re-sorts a ranking that fits) if it is time; true if the board changed. */
  step(now: number): boolean {
    const due = this.nextStepAt();
    if (due === null || now < due) return false;
    this.lastStepAt = now;
    if (this.looping) {
      this.offset++;
      this.glide = true;
      this.freezeWindow();
    } else {
      this.shown = this.ranking;
      this.glide = false;
    }
    return true;
  }

  rows(): LoopRow<T>[] {
    const { keyOf } = this.config;
    const glide = this.glide;
    if (!this.looping) return this.shown.map((item, i) => ({ key: keyOf(item), item, slot: i, rank: i + 1, glide }));
    const n = this.ranking.length;
    const out: LoopRow<T>[] = [];
    for (let slot = -1; slot <= this.config.visibleRows; slot++) {
      const abs = this.offset + slot;
      if (abs < 0) continue;
      const lap = Math.floor(abs / n);
      const item = (this.laps.get(lap) ?? this.ranking)[abs % n]!;
      // A list one longer than the view shows the same item twice (leaving and waiting): the lap tells them apart.
      out.push({ key: `${keyOf(item)}:${lap}`, item, slot, rank: (abs % n) + 1, glide });
    }
    return out;
  }

  private sameOrder(a: readonly T[], b: readonly T[]): boolean {
    const { keyOf } = this.config;
    return a.length === b.length && a.every((x, i) => keyOf(x) === keyOf(b[i]!));
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
