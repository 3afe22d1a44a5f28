import type { KpiReport } from '../kpi/kpiReport.js';
import type { TrendSeries } from '../kpi/trend.js';
import type { StaffMetrics } from '../staff/staffMetrics.js';
import { MAX_ALERTS, type Alert, type AreaAggregate, type AreaDelta, type AreaSnapshot, type CaseSummary, type ChildFigures, type RankedUnit } from './events.js';

/** What a feed needs from the connection: ask for a subscription or a fresh snapshot. */
export interface FeedLink {
  subscribe(area: string): void;
  resync(area: string): void;
}

export interface FeedView {
  area: string;
  seq: number;
  aggregate: AreaAggregate;
  cells: Map<string, ChildFigures>;
  /** Newest first, bounded. */
  latest: CaseSummary[];
  /** Server time of the last message applied, epoch ms. */
  at: number;
  /** Cases that crossed their deadline, newest last, at most MAX_ALERTS. */
  alerts: Alert[];
  /** Today's KPIs so far, as last streamed. */
  kpis: KpiReport | null;
  staff: StaffMetrics | null;
  /** The children by today's composite score, best first. */
  ranking: RankedUnit[] | null;
  trend: TrendSeries | null;
}

/**
 * The client side of one area subscription: applies the snapshot, then deltas in sequence. On a
 * gap (a missed delta after network loss or a skipped volatile send) it asks for a snapshot by
 * itself and ignores deltas until it arrives; after a reconnect it subscribes again. Its buffers
 * are bounded: a screen left on for weeks holds the same amount of data.
 */
export class AreaFeed {
  private view: FeedView | null = null;
  private waitingForSnapshot = true;
  private readonly listeners: ((view: FeedView) => void)[] = [];
  resyncs = 0;

  constructor(
    readonly area: string,
    private readonly link: FeedLink,
    private readonly maxLatest = 100,
  ) {}

  get current(): FeedView | null {
    return this.view;
  }

  onChange(listener: (view: FeedView) => void): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener) >>> 0, 1);
  }

  start(): void {
    this.waitingForSnapshot = true;
    this.link.subscribe(this.area);
  }

  /** The connection came back: the server forgot us, subscribe again (a snapshot follows). */
  reconnected(): void {
    this.start();
  }

  snapshot(s: AreaSnapshot): void {
    if (s.area !== this.area) return;
    this.view = { area: s.area, seq: s.seq, aggregate: s.aggregate, cells: new Map(Object.entries(s.cells)), latest: s.latest.slice(0, this.maxLatest), at: s.at, alerts: s.alerts.slice(-MAX_ALERTS), kpis: s.kpis, staff: s.staff, ranking: s.ranking, trend: s.trend };
    this.waitingForSnapshot = false;
    this.emit();
  }

  delta(d: AreaDelta): void {
    if (d.area !== this.area || this.waitingForSnapshot || !this.view) return;
    if (d.seq <= this.view.seq) return; // already covered by the snapshot
    if (d.seq !== this.view.seq + 1) {
      this.waitingForSnapshot = true;
      this.resyncs++;
      this.link.resync(this.area);
      return;
    }
    const v = this.view;
    v.seq = d.seq;
    v.at = d.at;
    v.aggregate = d.aggregate;
    for (const [grid, figures] of Object.entries(d.cells)) v.cells.set(grid, figures);
    if (d.changedCases.length > 0) {
      const changed = new Map(d.changedCases.map((c) => [c.id, c]));
      v.latest = v.latest.map((c) => changed.get(c.id) ?? c);
    }
    if (d.newCases.length > 0) v.latest = [...d.newCases].reverse().concat(v.latest).slice(0, this.maxLatest);
    if (d.alerts.length > 0) v.alerts = v.alerts.concat(d.alerts).slice(-MAX_ALERTS);
    if (d.kpis) v.kpis = d.kpis;
    if (d.staff) v.staff = d.staff;
    if (d.ranking) v.ranking = d.ranking;
    if (d.trend) v.trend = d.trend;
    this.emit();
  }

  /** The server's latest seq for this area: behind it (a quiet area's last delta lost), resync. */
  heartbeat(seq: number): void {
    if (!this.view || this.waitingForSnapshot || seq <= this.view.seq) return;
    this.waitingForSnapshot = true;
    this.resyncs++;
    this.link.resync(this.area);
  }

  private emit(): void {
    if (this.view) for (const l of this.listeners) l(this.view);
  }
}
