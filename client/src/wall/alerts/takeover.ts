import type { Urgency } from '../../../../shared/src/cases/caseModel.js';
import type { Alert, CaseSummary } from '../../../../shared/src/live/events.js';

/**
 * Something that takes the wall over: a new 重大 case, a prominent/major case gone overdue, or a
 * case a commander opened on the wall (`steered`, see steer/steeredView.ts).
 */
export interface TakeoverItem {
  /** `case:<id>`, `overdue:<id>` or `steer:<seq>:<id>`: one takeover per case and reason. */
  key: string;
  kind: 'major' | 'overdue' | 'steered';
  caseId: string;
  category: string;
  urgency: Urgency;
  grid: string;
  /** [lon, lat] when known (a case from `latest`); else the wall places it by its grid. */
  position: [number, number] | null;
  /** When it happened, epoch ms: reported (major) or the deadline crossed (overdue). */
  at: number;
}

export interface TakeoverConfig {
  /** How long one item holds the wall (ms). */
  showMs: number;
  /** Items waiting, at most; beyond it the oldest waiting are dropped (counted in `dropped`). */
  queueCapacity: number;
  /** Older than this when it arrives (ms), an item is news no more: listed, not shown. */
  maxAgeMs: number;
}

export const TAKEOVER_DEFAULTS: TakeoverConfig = {
  showMs: 15_000, // long enough to read from across the room, short enough that the tour goes on
  queueCapacity: 5, // a burst of alarms would otherwise hold the wall for minutes
  maxAgeMs: 10 * 60_000, // after a resync gap the snapshot's older cases are not alarms
};

const TAKEOVER_URGENCY: ReadonlySet<Urgency> = new Set(['prominent', 'major']);

const reportedMs = (c: CaseSummary): number => {
  const ms = Date.parse(c.reportedAt);
  return Number.isFinite(ms) ? ms : Number.NaN;
};

/**
 * Alarm takeover (告警接管) as a pure state machine: `receive` the followed area's feed, `step` at
 * `nextStepAt()`. While `current` is set the tour pauses and the map shows the item; after
 * `showMs` the next waiting item, or nothing (the tour resumes). The first list of an area only
 * primes what is known: opening the wall or touring to an area is not an alarm.
 *
 * Bounded: the queue ≤ queueCapacity; the keys it knows are those of the last lists received
 * (AreaFeed keeps 100 latest and 50 alerts), the queue and the current item.
 */
export class TakeoverQueue {
  current: TakeoverItem | null = null;
  /** Items dropped from a full queue or too old, since start. */
  dropped = 0;
  private queue: TakeoverItem[] = [];
  private known = new Set<string>();
  private area: string | null = null;
  private currentSince = 0;

  constructor(readonly config: TakeoverConfig = TAKEOVER_DEFAULTS) {}

  get queued(): number {
    return this.queue.length;
  }

  get knownSize(): number {
    return this.known.size;
  }

  /** The feed of `area` now: latest cases newest first, alerts newest last. */
  receive(area: string, latest: readonly CaseSummary[], alerts: readonly Alert[], now: number): void {
    const seen = new Set<string>();
    const fresh: TakeoverItem[] = [];
    const byId = new Map(latest.map((c) => [c.id, c]));
    for (const c of latest) {
      if (c.urgency !== 'major') continue;
      const key = `case:${c.id}`;
      seen.add(key);
      if (!this.known.has(key)) fresh.push({ key, kind: 'major', caseId: c.id, category: c.category, urgency: c.urgency, grid: c.grid, position: [c.lon, c.lat], at: reportedMs(c) });
    }
    for (const a of alerts) {
      if (!TAKEOVER_URGENCY.has(a.urgency)) continue;
      const key = `overdue:${a.id}`;
      seen.add(key);
      const c = byId.get(a.id);
      if (!this.known.has(key)) fresh.push({ key, kind: 'overdue', caseId: a.id, category: a.category, urgency: a.urgency, grid: a.grid, position: c ? [c.lon, c.lat] : null, at: a.deadline });
    }
    const priming = area !== this.area;
    if (priming) {
      this.area = area;
      this.queue = [];
    } else {
      // Oldest first, as they happened; news only.
      fresh.sort((x, y) => x.at - y.at);
      for (const item of fresh) {
        if (!(now - item.at <= this.config.maxAgeMs)) this.dropped++;
        else this.queue.push(item);
      }
      const over = this.queue.length - this.config.queueCapacity;
      if (over > 0) {
        this.queue.splice(0, over);
        this.dropped += over;
      }
    }
    // Everything listed stays known while listed, so it never alarms twice.
    this.known = new Set([...seen, ...this.queue.map((q) => q.key), ...(this.current ? [this.current.key] : [])]);
  }

  /** When the wall changes next (ms): the current item ends, or a waiting one starts; null when idle. */
  nextStepAt(): number | null {
    if (this.current) return this.currentSince + this.config.showMs;
    return this.queue.length > 0 ? Number.NEGATIVE_INFINITY : null;
  }

  /** Ends the current item when its time is up and starts the next waiting one; true if changed. */
  step(now: number): boolean {
    const due = this.nextStepAt();
    if (due === null || now < due) return false;
    this.current = this.queue.shift() ?? null;
    this.currentSince = now;
    return true;
  }
}
