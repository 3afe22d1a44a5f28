import { HOUR_MS, hourOf, TREND_HOURS, type TrendSeries } from '../../../shared/src/kpi/trend.js';
import type { HourColumns, HourlyCounts } from '../store/trendSql.js';
import { Slices } from './nextTurn.js';
import type { NodeRows } from './nodeRows.js';

/** How often the whole 24-hour window is recounted anyway (a case stored by another server process, say). */
export const TREND_FULL_RECOUNT_MS = 60_000;

/**
 * Received and closed cases per clock hour for every node, over the last TREND_HOURS hours, for
 * the wall's trend chart. Fixed memory whatever the volume: two typed arrays of TREND_HOURS slots
 * × nodes (~20,000 nodes: 3.8 MB), a slot reused when its hour leaves the window.
 *
 * Each refresh recounts the current hour (and, right after the hour turns, the one before, for its
 * last seconds), and from the earliest hour noted as changed since (`touch`: a case ingested with
 * an earlier report time, a hotline batch, the simulator's backfill of a fresh store), so such a
 * case lands in its own hour at the next refresh; the whole window is recounted every
 * TREND_FULL_RECOUNT_MS besides.
 */
export class HourlyTrend {
  private readonly nodes: number;
  private readonly received: Int32Array;
  private readonly closed: Int32Array;
  /**
   * Where a refresh counts its hours (hour − first recounted hour, then node), over several turns
   * of the event loop; copied into the slots in one step at the end. Allocated once.
   */
  private readonly countingReceived: Int32Array;
  private readonly countingClosed: Int32Array;
  /** The hour each slot holds (−1: none yet). */
  private readonly slotHour = new Float64Array(TREND_HOURS).fill(-1);
  private currentHour = -1;
  private lastFullAt = -Infinity;
  /** The earliest hour touched since the last refresh began (Infinity: none). */
  private touchedFrom = Infinity;

  constructor(
    private readonly rows: NodeRows,
    private readonly count: (from: number, to: number) => Promise<HourlyCounts>,
  ) {
    this.nodes = rows.size;
    this.received = new Int32Array(this.nodes * TREND_HOURS);
    this.closed = new Int32Array(this.nodes * TREND_HOURS);
    this.countingReceived = new Int32Array(this.nodes * TREND_HOURS);
    this.countingClosed = new Int32Array(this.nodes * TREND_HOURS);
  }

  /**
   * Notes that cases were received or closed at `times` (epoch ms): an hour before the current one
   * is recounted at the next refresh. Cheap enough for every ingested batch (no query).
   */
  touch(times: Iterable<number>): void {
    for (const t of times) {
      const h = hourOf(t);
      // Hours already out of the window would only force a whole recount for nothing.
      if (h < this.touchedFrom && h > this.currentHour - TREND_HOURS) this.touchedFrom = h;
    }
  }

  async refresh(now: number): Promise<void> {
    const hour = hourOf(now);
    const oldest = hour - TREND_HOURS + 1;
    const full = now - this.lastFullAt >= TREND_FULL_RECOUNT_MS || this.currentHour < 0 || hour - this.currentHour >= TREND_HOURS;
    // Taken before the query: a case touched while it runs is recounted by the next refresh.
    const touched = this.touchedFrom;
    this.touchedFrom = Infinity;
    const firstHour = full ? oldest : Math.max(oldest, Math.min(hour, this.currentHour, touched));
    let counts: HourlyCounts;
    try {
      counts = await this.count(firstHour * HOUR_MS, now + 1);
    } catch (err) {
      this.touchedFrom = Math.min(this.touchedFrom, touched);
      throw err;
    }
    // Counted aside in slices of SLICE_MS (a whole-window recount of a large day is ~400,000 rows:
    // 100+ ms in one go; 10,000 rows a turn still took 50–80 ms on a loaded machine), then applied
    // in one synchronous step: readers never see a half-counted hour.
    const span = (hour - firstHour + 1) * this.nodes;
    this.countingReceived.fill(0, 0, span);
    this.countingClosed.fill(0, 0, span);
    const slices = new Slices();
    await this.add(this.countingReceived, counts.received, firstHour, hour, slices);
    await this.add(this.countingClosed, counts.closed, firstHour, hour, slices);
    for (let h = firstHour; h <= hour; h++) {
      const slot = h % TREND_HOURS;
      const from = (h - firstHour) * this.nodes;
      this.received.set(this.countingReceived.subarray(from, from + this.nodes), slot * this.nodes);
      this.closed.set(this.countingClosed.subarray(from, from + this.nodes), slot * this.nodes);
      this.slotHour[slot] = h;
    }
    this.currentHour = hour;
    if (full) this.lastFullAt = now;
  }

  /** The area's series as of the last refresh (null before the first, or for an unknown code). */
  series(code: string): TrendSeries | null {
    const n = this.rows.rowOf(code);
    if (n === undefined || this.currentHour < 0) return null;
    const first = this.currentHour - TREND_HOURS + 1;
    const received: number[] = [];
    const closed: number[] = [];
    for (let h = first; h <= this.currentHour; h++) {
      const slot = h % TREND_HOURS;
      const held = this.slotHour[slot] === h;
      received.push(held ? this.received[slot * this.nodes + n]! : 0);
      closed.push(held ? this.closed[slot * this.nodes + n]! : 0);
    }
    return { area: code, from: first * HOUR_MS, received, closed };
  }

  /** Adds the cells' counts into `counting` (hour − firstHour, then node), a slice a turn. */
  private async add(counting: Int32Array, cells: HourColumns, firstHour: number, lastHour: number, slices: Slices): Promise<void> {
    // Consecutive cells of one grid (SQLite's GROUP BY answers them sorted) share one chain lookup.
    let grid = NaN;
    let chain: number[] = [];
    for (let i = 0; i < cells.n.length; i++) {
      if ((i & 255) === 255 && slices.spent()) await slices.next();
      const h = cells.hour[i]!;
      if (h < firstHour || h > lastHour) continue;
      if (cells.grid[i] !== grid) [grid, chain] = [cells.grid[i]!, this.rows.chainOfNumber(cells.grid[i]!)];
      const base = (h - firstHour) * this.nodes;
      for (const n of chain) counting[base + n]! += cells.n[i]!;
    }
  }
}
