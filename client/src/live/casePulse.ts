import type { CaseSummary } from '../../../shared/src/live/events.js';
import type { Pulse } from '../map/layers/liveLayers.js';

/**
 * Remembers when each case of the feed's `latest` list first appeared, so new ones pulse for
 * `durationMs`. The first list seen (the snapshot) does not pulse: those cases are not new to the
 * city, only to this screen. Bounded: it keeps only the ids of the last list given (≤ 100).
 */
export class CasePulses {
  private seenAt = new Map<string, number>();
  private primed = false;

  constructor(private readonly durationMs: number) {}

  /** Records the feed's current list; returns whether any case is new (a pulse to animate). */
  update(latest: readonly CaseSummary[], now: number): boolean {
    const next = new Map<string, number>();
    let fresh = false;
    for (const c of latest) {
      const at = this.seenAt.get(c.id);
      if (at !== undefined) next.set(c.id, at);
      else {
        // Before the first list, everything is "seen long ago".
        next.set(c.id, this.primed ? now : -Infinity);
        fresh ||= this.primed;
      }
    }
    this.seenAt = next;
    this.primed = true;
    return fresh;
  }

  /** Forgets everything (another area): its snapshot must not pulse. */
  reset(): void {
    this.seenAt.clear();
    this.primed = false;
  }

  get size(): number {
    return this.seenAt.size;
  }

  /** Cases still pulsing at `now`, with their age. */
  active(latest: readonly CaseSummary[], now: number): Pulse[] {
    const pulses: Pulse[] = [];
    for (const item of latest) {
      const at = this.seenAt.get(item.id);
      if (at !== undefined && now - at < this.durationMs && now >= at) pulses.push({ item, age: now - at });
    }
    return pulses;
  }

  /** When the last pulse ends (ms), or −Infinity when none is running. */
  endsAt(): number {
    let end = -Infinity;
    for (const at of this.seenAt.values()) end = Math.max(end, at + this.durationMs);
    return end;
  }
}
