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

/**
 * One snapshot per area, built once (one store query for its latest cases, one pass over its
 * cells) and shared by every request for that area until the area changes: the hub drops it in the
 * tick whose delta changes the area (or moves the KPIs), so a snapshot always carries the seq that
 * the next delta follows. A thousand resyncs of one area cost one build, not a thousand queries.
 */
export class SnapshotCache {
  private readonly built = new Map<string, Promise<AreaSnapshot>>();

  constructor(
    private readonly sources: SnapshotSources,
    private readonly seqOf: (area: string) => number,
  ) {}

  /** The area's current snapshot (a city-to-grid code of the model). */
  get(area: string): Promise<AreaSnapshot> {
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

  private async build(area: string): Promise<AreaSnapshot> {
    const { model, state, store, clock, kpis, staff } = this.sources;
    const level = model.node(area)!.level;
    // Subscriptions are checked to be city-to-grid codes, so a building never reaches here.
    if (level === 'building') throw new Error(`no snapshot of building ${area}`);
    const page = await store.query({ limit: SNAPSHOT_LATEST, ...(level === 'city' ? {} : { area: { level, code: area } }) });
    // Taken after the await, in one synchronous step: the next delta is exactly seq + 1.
    const at = clock.now();
    return {
      v: PROTOCOL_VERSION,
      area,
      seq: this.seqOf(area),
      at,
      aggregate: state.aggregate(area),
      cells: state.cells(area),
      latest: page.items.map(summarize),
      alerts: state.recentAlerts(level === 'city' ? area.slice(0, 4) : area),
      kpis: kpis?.report(area) ?? null,
      staff: staff?.metrics(area, at) ?? null,
      ranking: kpis?.ranking(area) ?? null,
      trend: kpis?.trendOf(area) ?? null,
    };
  }
}
