import pg from 'pg';
import type { Scheduler } from '../live/liveHub.js';

/** How often a node that is not the leader asks for the lock again, and the leader checks it still holds its connection. */
export const LEADER_POLL_MS = 2_000;

/**
 * Which node runs the once-per-city jobs (the simulator, and whatever else must run once for the
 * whole city however many server processes serve it).
 */
export interface Leadership {
  readonly isLeader: boolean;
  /** Settles after the first attempt to lead (isLeader then says how it went). */
  ready(): Promise<void>;
  /** Called with true when this node becomes the leader and false when it stops being it. Returns the unsubscribe. */
  onChange(listener: (leader: boolean) => void): () => void;
  /** Gives the leadership up (if held) and stops asking for it. */
  stop(): Promise<void>;
}

/** The advisory lock's key text (hashed by PostgreSQL's hashtext into the lock's number). */
export const leaderLockKey = (name: string): string => `city-leader:${name}`;

/** One process on its own (SQLite): it is the leader from the start, for good. */
export class SoleLeader implements Leadership {
  readonly isLeader = true;
  async ready(): Promise<void> {}
  onChange(): () => void {
    return () => undefined;
  }
  async stop(): Promise<void> {}
}

export interface PgLeaderOptions {
  url: string;
  /** What is led: nodes asking with the same name compete for one lock (the city code and the schema). */
  name: string;
  scheduler: Scheduler;
  pollMs?: number;
  /** Runs with a search_path (tests isolate themselves in a schema); the lock itself is database-wide. */
  schema?: string;
  onError?: (error: Error) => void;
}

/**
 * The leader is the node holding a session-level PostgreSQL advisory lock on a connection of its
 * own. When that node dies, its connection drops, PostgreSQL releases the lock, and the next node
 * to poll takes it: a takeover within about one poll interval (plus the time PostgreSQL needs to
 * notice a dead peer; a killed process closes its socket at once). The leader polls too, with a
 * cheap query, so it notices a lost connection and steps down instead of leading without a lock.
 */
export class PgAdvisoryLeader implements Leadership {
  private client: pg.Client | null = null;
  private leader = false;
  private polling = false;
  private stopped = false;
  private readonly listeners = new Set<(leader: boolean) => void>();
  private readonly cancel: () => void;
  private readonly first: Promise<void>;

  constructor(private readonly options: PgLeaderOptions) {
    this.cancel = options.scheduler.every(options.pollMs ?? LEADER_POLL_MS, () => void this.poll());
    this.first = this.poll();
  }

  ready(): Promise<void> {
    return this.first;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  onChange(listener: (leader: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** One round: connect if needed, then try the lock (or, as the leader, check the connection). */
  async poll(): Promise<void> {
    if (this.polling || this.stopped) return;
    this.polling = true;
    try {
      const client = this.client ?? (await this.connect());
      if (this.leader) {
        await client.query('SELECT 1');
        return;
      }
      const { rows } = await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS got', [leaderLockKey(this.options.name)]);
      if (rows[0]?.got && !this.stopped) this.set(true);
    } catch (error) {
      this.lost(error as Error);
    } finally {
      this.polling = false;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel();
    const client = this.client;
    this.client = null;
    this.set(false);
    // Closing the session releases its lock.
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<pg.Client> {
    // Named, so operations see in pg_stat_activity which connection holds the city's lock.
    const client = new pg.Client({ connectionString: this.options.url, application_name: 'city leader', ...(this.options.schema ? { options: `-c search_path=${this.options.schema}` } : {}) });
    client.on('error', (error) => this.lost(error));
    client.on('end', () => {
      if (this.client === client) this.lost(new Error('the leader connection closed'));
    });
    this.client = client;
    try {
      await client.connect();
    } catch (error) {
      this.client = null;
      throw error;
    }
    return client;
  }

  /** The connection failed: whatever lock it held is gone with it. */
  private lost(error: Error): void {
    const client = this.client;
    this.client = null;
    void client?.end().catch(() => undefined);
    if (this.stopped) return;
    if (this.leader) this.options.onError?.(new Error(`leadership lost: ${error.message}`, { cause: error }));
    else this.options.onError?.(error);
    this.set(false);
  }

  private set(leader: boolean): void {
    if (this.leader === leader) return;
    this.leader = leader;
    for (const listener of this.listeners) listener(leader);
  }
}
