import type { ReplayPlayer } from './replayPlayer.js';

/** Replay seconds per wall second offered by the controls (×60 … ×3600). */
export const REPLAY_SPEEDS = [60, 300, 600, 1800, 3600] as const;
export const DEFAULT_SPEED = 600;
/** The map and figures follow the replay at most this often: ~10 updates a second, whatever the display's frame rate. */
export const UPDATE_INTERVAL_MS = 100;
/** A frame later than this after the last (a hidden tab, a long task) moves the replay by this much wall time only. */
const MAX_FRAME_GAP_MS = 500;
const DAY_MS = 86_400_000;

export type ReplayEnd = 'stop' | 'loop';

/**
 * Drives a ReplayPlayer in wall time: `tick(now)` (a requestAnimationFrame timestamp, or any
 * monotonic ms in tests) moves it by the wall time since the last update × speed, at most every
 * UPDATE_INTERVAL_MS; paused, nothing moves. Optionally a second player, the day before, follows
 * at time − 24 h (the comparison heat). Listeners hear each change (a React store: subscribe /
 * version).
 */
export class ReplayClock {
  playing = false;
  speed: number;
  end: ReplayEnd;
  /** Bumped on every change: what a React store snapshots. */
  version = 0;
  private last: number | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly player: ReplayPlayer,
    options: { speed?: number; end?: ReplayEnd; previous?: ReplayPlayer | null } = {},
  ) {
    this.speed = checkSpeed(options.speed ?? DEFAULT_SPEED);
    this.end = options.end ?? 'stop';
    this.previous = options.previous ?? null;
    this.follow();
  }

  /** The day before, following at time − 24 h (null: no comparison). */
  previous: ReplayPlayer | null;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  play(): void {
    if (this.player.ended) this.player.seek(this.player.from);
    this.playing = true;
    this.last = null;
    this.changed();
  }

  pause(): void {
    this.playing = false;
    this.last = null;
    this.changed();
  }

  setSpeed(speed: number): void {
    this.speed = checkSpeed(speed);
    this.changed();
  }

  setPrevious(previous: ReplayPlayer | null): void {
    this.previous = previous;
    this.changed();
  }

  seek(t: number): void {
    this.player.seek(t);
    this.changed();
  }

  /** Moves by `ms` of replay time (a step button: pauses first). */
  step(ms: number): void {
    this.playing = false;
    this.last = null;
    this.player.step(ms);
    this.changed();
  }

  /** One frame: returns whether the replay moved. */
  tick(now: number): boolean {
    if (!this.playing) return false;
    if (this.last === null) {
      this.last = now;
      return false;
    }
    const wall = now - this.last;
    if (wall < UPDATE_INTERVAL_MS) return false;
    this.last = now;
    this.player.step(Math.min(wall, MAX_FRAME_GAP_MS) * this.speed);
    if (this.player.ended) {
      if (this.end === 'loop') this.player.seek(this.player.from);
      else this.playing = false;
    }
    this.changed();
    return true;
  }

  /** Runs `tick` on every animation frame until the returned function is called. */
  run(frame: (callback: (now: number) => void) => number = requestAnimationFrame, cancel: (id: number) => void = cancelAnimationFrame): () => void {
    let id = 0;
    const loop = (now: number): void => {
      this.tick(now);
      id = frame(loop);
    };
    id = frame(loop);
    return () => cancel(id);
  }

  private follow(): void {
    this.previous?.seek(this.player.time - DAY_MS);
  }

  private changed(): void {
    this.follow();
    this.version++;
    for (const listener of this.listeners) listener();
  }
}

function checkSpeed(speed: number): number {
  if (!Number.isFinite(speed) || speed <= 0) throw new RangeError(`speed must be a positive number, got ${speed}`);
  return speed;
}
