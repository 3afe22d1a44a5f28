import type { SteerState, WallShows } from '../../../shared/src/steer/wallStatus.js';

/** Who holds a wall's lock (the idle timeout is the service's setting, not stored). */
export interface HeldLock {
  accountId: string;
  username: string;
  name: string;
  /** Epoch ms: taken, and the holder's last command. */
  since: number;
  activeAt: number;
}

/** One wall's steering: the state the server holds for it, its lock, and the seq of both. */
export interface SteerRecord {
  device: string;
  /** Grows by one with every write; 0 means never written. */
  seq: number;
  state: SteerState | null;
  lock: HeldLock | null;
}

/**
 * Where locks, steered states and the walls' reports live. Every server node must see the same
 * records (a wall's socket and the tablet's request may reach different nodes), so this is an
 * interface with asynchronous answers: the in-process implementation below serves one node; a
 * shared one (the database, Redis) serves several. `put` is a compare-and-set on `seq`, so two
 * commanders racing for one wall cannot both take it.
 */
export interface SteerRecords {
  get(device: string): Promise<SteerRecord | null>;
  /** Stores `next` if the stored record's seq is still `next.seq - 1` (0: none stored); false when another write came first. */
  put(next: SteerRecord): Promise<boolean>;
  /** The records with a lock (the idle check walks them). */
  locked(): Promise<SteerRecord[]>;
  /** Keeps the wall's latest report (one per device). */
  report(device: string, shows: WallShows): Promise<void>;
  shows(device: string): Promise<WallShows | null>;
}

/** Reports kept at most: one per wall; a deployment has tens of walls, this bounds a misuse. */
export const MAX_REPORTS = 10_000;

/** The records of one process (one server node). */
export class MemorySteerRecords implements SteerRecords {
  private readonly records = new Map<string, SteerRecord>();
  private readonly reports = new Map<string, WallShows>();

  async get(device: string): Promise<SteerRecord | null> {
    return this.records.get(device) ?? null;
  }

  async put(next: SteerRecord): Promise<boolean> {
    const stored = this.records.get(next.device)?.seq ?? 0;
    if (stored !== next.seq - 1) return false;
    this.records.set(next.device, next);
    return true;
  }

  async locked(): Promise<SteerRecord[]> {
    return [...this.records.values()].filter((r) => r.lock !== null);
  }

  async report(device: string, shows: WallShows): Promise<void> {
    // Re-inserted so the map's order is by last report: the longest silent goes first when full.
    this.reports.delete(device);
    this.reports.set(device, shows);
    if (this.reports.size > MAX_REPORTS) this.reports.delete(this.reports.keys().next().value!);
  }

  async shows(device: string): Promise<WallShows | null> {
    return this.reports.get(device) ?? null;
  }
}
