import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { PROTOCOL_VERSION, SNAPSHOT_LATEST, type AreaSnapshot } from '../../../shared/src/live/events.js';
import type { StaffMetrics } from '../../../shared/src/staff/staffMetrics.js';
import type { Clock } from '../cases/caseIngest.js';
import type { LiveKpis } from '../kpi/liveKpis.js';
import type { CaseStore } from '../store/caseStore.js';
import { summarize, type LiveState } from './liveState.js';

export interface SnapshotSources {
  model: CityModel;
  state: LiveState;
  store: CaseStore;
  clock: Clock;
  kpis?: LiveKpis;
  staff?: { metrics(code: string, ms: number): StaffMetrics | undefined };
}

/** An area's snapshot as it goes out: encoded once, written as it is to every connection that asks. */
export interface SnapshotPacket {
  area: string;
  seq: number;
  /**
   * The socket.io packet `2["area:snapshot",{…}]` (an EVENT on the main namespace, no ack): what
   * `socket.emit('area:snapshot', snapshot)` would encode, so clients read an ordinary event.
   */
  packet: string;
}

/** The rest of this turn of the event loop goes to whatever else waits (a health check, another socket). */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * One snapshot per area, built once (one store query for its latest cases, one pass over its
 * cells) and shared by every request for that area until the area changes: the hub drops it in the
 * tick whose delta changes the area (or moves the KPIs), so a snapshot always carries the seq that
 * the next delta follows. A thousand resyncs of one area cost one build, not a thousand queries.
 *
 * Encoded once too: the city's snapshot is ~480 KiB of JSON, and socket.io encoding it for each
 * emit (a walk of the whole object for binary parts, then JSON.stringify) took ~45 ms a time. The
 * build runs in slices: the parts that do not follow the area's seq (today's KPIs, staffing,
 * ranking, trend) each in a turn of their own, then the seq, counts and cells in one synchronous
 * step, the cells written straight to JSON.
 */
export class SnapshotCache {
  private readonly built = new Map<string, Promise<SnapshotPacket>>();

  constructor(
    private readonly sources: SnapshotSources,
    private readonly seqOf: (area: string) => number,
  ) {}

  /** The area's current snapshot (a city-to-grid code of the model). */
  get(area: string): Promise<SnapshotPacket> {
    let snapshot = this.built.get(area);
    if (!snapshot) {
      snapshot = this.build(area);
      this.built.set(area, snapshot);
      // A failed build is not kept: the next request tries again.
      snapshot.catch(() => {
        if (this.built.get(area) === snapshot) this.built.delete(area);
      });
    }
    return snapshot;
  }

  /** Drops the snapshots `stale` says no longer hold (their area changed, or nobody follows it). */
  drop(stale: (area: string) => boolean): void {
    for (const area of this.built.keys()) if (stale(area)) this.built.delete(area);
  }

  private async build(area: string): Promise<SnapshotPacket> {
    const { model, state, store, clock, kpis, staff } = this.sources;
    const level = model.node(area)!.level;
    // Subscriptions are checked to be city-to-grid codes, so a building never reaches here.
    if (level === 'building') throw new Error(`no snapshot of building ${area}`);
    // Computed once per KPI refresh (5 s), which drops every snapshot: never older than the seq below.
    const kpisJson = JSON.stringify(kpis?.report(area) ?? null);
    await nextTurn();
    const staffJson = JSON.stringify(staff?.metrics(area, clock.now()) ?? null);
    await nextTurn();
    const rankingJson = JSON.stringify(kpis?.ranking(area) ?? null);
    const trendJson = JSON.stringify(kpis?.trendOf(area) ?? null);
    const page = await store.query({ limit: SNAPSHOT_LATEST, ...(level === 'city' ? {} : { area: { level, code: area } }) });
    const latestJson = JSON.stringify(page.items.map(summarize));
    // Taken in one synchronous step, and sent in it by whoever awaits this: the next delta is exactly seq + 1.
    const seq = this.seqOf(area);
    const json: { [K in keyof AreaSnapshot]-?: string } = {
      v: String(PROTOCOL_VERSION),
      area: JSON.stringify(area),
      seq: String(seq),
      at: String(clock.now()),
      aggregate: JSON.stringify(state.aggregate(area)),
      cells: state.cellsJson(area),
      latest: latestJson,
      alerts: JSON.stringify(state.recentAlerts(level === 'city' ? area.slice(0, 4) : area)),
      kpis: kpisJson,
      staff: staffJson,
      ranking: rankingJson,
      trend: trendJson,
    };
    const body = Object.entries(json)
      .map(([key, value]) => `"${key}":${value}`)
      .join(',');
    return { area, seq, packet: `2["area:snapshot",{${body}}]` };
  }
}
