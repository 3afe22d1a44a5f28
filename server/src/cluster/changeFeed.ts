import pg from 'pg';
import type { Case } from '../../../shared/src/cases/caseModel.js';
import type { Scheduler } from '../live/liveHub.js';
import { fromRow, type CaseRow } from '../store/caseRow.js';
import { scanLiveRows } from '../store/postgresCaseStore.js';
import type { LiveRow } from '../store/caseStore.js';

/** Changes read per round trip while catching up. */
export const FEED_BATCH = 1_000;
/** How often a node reads the feed without a wake-up (a lost NOTIFY, a dropped connection). */
export const FEED_POLL_MS = 1_000;
/** The leader deletes changes older than this; a node away longer rebuilds (restarts) instead of catching up. */
export const FEED_KEEP_MS = 24 * 3_600_000;
/** How often the leader prunes the feed. */
export const FEED_PRUNE_MS = 3_600_000;

const INT8_OID = 20;
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * The committed changes of cases in commit order, on PostgreSQL: a trigger on `cases` appends each
 * inserted or updated row (as it was written) to `case_feed`. The append takes a transaction-level
 * advisory lock first, held to commit, so appends are single-writer: a change's seq is max + 1 at a
 * time no other uncommitted append exists, and seq order is commit order (a reader that has seen
 * seq n never later finds a new n - 1). The cost is that transactions writing cases commit one at a
 * time. NOTIFY wakes the readers; the table is the record, so a missed wake-up costs only the poll.
 *
 * Installed by the first node to start (idempotent, under an advisory lock), not as a numbered
 * migration: the feed exists on PostgreSQL only and needs nothing on SQLite.
 */
const INSTALL = (channel: string) => `
  CREATE TABLE IF NOT EXISTS case_feed (
    seq BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    op TEXT NOT NULL,
    row JSONB NOT NULL
  );
  CREATE OR REPLACE FUNCTION case_feed_append() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtext(current_schema() || '.case_feed'));
    INSERT INTO case_feed (seq, at, op, row)
      SELECT coalesce(max(seq), 0) + 1, (extract(epoch FROM clock_timestamp()) * 1000)::bigint, lower(TG_OP), to_jsonb(NEW) FROM case_feed;
    PERFORM pg_notify('${channel}', '');
    RETURN NULL;
  END
  $fn$;
  DROP TRIGGER IF EXISTS case_feed_after ON cases;
  CREATE TRIGGER case_feed_after AFTER INSERT OR UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION case_feed_append();
`;

export interface FeedChanges {
  /** Cases as inserted, in commit order. */
  inserted: Case[];
  /** Cases as updated (transitions, urging), in commit order. */
  updated: Case[];
}

export interface ChangeFeedOptions {
  url: string;
  /** The tables' schema (DATABASE_SCHEMA); the NOTIFY channel is per schema. */
  schema?: string | undefined;
  scheduler: Scheduler;
  clock: { now(): number };
  pollMs?: number;
  /** Hears each batch of changes, in commit order. */
  onChanges: (changes: FeedChanges) => void;
  /** How far behind the record this node is: changes not yet applied, and the age of the oldest of them (s). */
  onLag?: (behind: number, lagSeconds: number) => void;
  onError?: (error: Error) => void;
}

/**
 * One node's follower of the change feed: rebuilds the live state from a snapshot that also fixes
 * the feed position, then applies every change after it, its own writes included (they come back
 * through the feed like everyone's, so every node applies the same changes in the same order).
 * After a dropped connection it reconnects and goes on from the last change it applied.
 */
export class ChangeFeed {
  private client: pg.Client | null = null;
  private last = 0;
  private reading = false;
  private again = false;
  private stopped = false;
  private cancel: (() => void) | null = null;
  private readonly channel: string;

  constructor(private readonly options: ChangeFeedOptions) {
    this.channel = `case_feed_${options.schema ?? 'public'}`;
  }

  /** The seq of the last change applied. */
  get position(): number {
    return this.last;
  }

  /** Creates the feed table and trigger if missing (every node may call it; one at a time). */
  async install(): Promise<void> {
    const client = await this.connect(false);
    try {
      await client.query('BEGIN');
      await client.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.case_feed_install'))");
      await client.query(INSTALL(this.channel));
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await client.end();
    }
  }

  /**
   * Reads the live columns of every stored case and the feed's position in one snapshot, so the
   * changes followed afterwards are exactly those the rebuild did not see. Answers the case count.
   */
  async rebuild(batchSize: number, onBatch: (rows: LiveRow[]) => void): Promise<number> {
    const client = await this.connect(false);
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows: head } = await client.query<{ seq: number }>('SELECT coalesce(max(seq), 0) AS seq FROM case_feed');
      const total = await scanLiveRows(client, batchSize, onBatch);
      await client.query('COMMIT');
      this.last = head[0]!.seq;
      return total;
    } finally {
      await client.end();
    }
  }

  /** Listens and polls from the position the rebuild fixed. */
  start(): void {
    this.cancel ??= this.options.scheduler.every(this.options.pollMs ?? FEED_POLL_MS, () => void this.catchUp());
    void this.catchUp();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel?.();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Applies every committed change after the position; a call while one runs makes it read once more. */
  async catchUp(): Promise<void> {
    if (this.stopped) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    try {
      do {
        this.again = false;
        const client = this.client ?? (await this.listen());
        for (;;) {
          const { rows } = await client.query<{ seq: number; at: number; op: string; row: CaseRow }>('SELECT seq, at, op, row FROM case_feed WHERE seq > $1 ORDER BY seq LIMIT $2', [this.last, FEED_BATCH]);
          if (rows.length > 0 && rows[0]!.seq !== this.last + 1 && this.last > 0) {
            const { rows: oldest } = await client.query<{ seq: number | null }>('SELECT min(seq) AS seq FROM case_feed');
            if ((oldest[0]?.seq ?? 0) > this.last + 1) throw new Error(`the change feed no longer holds the changes after ${this.last} (kept ${FEED_KEEP_MS / 3_600_000} h): restart this node to rebuild from the store`);
          }
          if (rows.length === 0) {
            this.options.onLag?.(0, 0);
            break;
          }
          const changes: FeedChanges = { inserted: [], updated: [] };
          // The row's JSON holds every column, the store's seq too: the live map keys cases by it.
          for (const r of rows) (r.op === 'insert' ? changes.inserted : changes.updated).push({ ...fromRow(r.row), seq: Number((r.row as CaseRow & { seq: number | string }).seq) });
          // Inserted before updated: an update in this batch may be of a case inserted in it.
          this.options.onChanges(changes);
          this.last = rows[rows.length - 1]!.seq;
          if (rows.length < FEED_BATCH) {
            this.options.onLag?.(0, 0);
            break;
          }
          const { rows: head } = await client.query<{ seq: number; at: number }>('SELECT seq, at FROM case_feed WHERE seq > $1 ORDER BY seq LIMIT 1', [this.last]);
          const next = head[0];
          if (next) this.options.onLag?.(Math.max(0, (await client.query<{ seq: number }>('SELECT max(seq) AS seq FROM case_feed')).rows[0]!.seq - this.last), Math.max(0, (this.options.clock.now() - next.at) / 1000));
        }
      } while (this.again && !this.stopped);
    } catch (error) {
      const client = this.client;
      this.client = null;
      await client?.end().catch(() => undefined);
      if (!this.stopped) this.options.onError?.(error as Error);
    } finally {
      this.reading = false;
    }
  }

  /** Deletes changes older than `keepMs` (the leader does, now and then). */
  async prune(keepMs = FEED_KEEP_MS): Promise<number> {
    const client = this.client ?? (await this.listen());
    const result = await client.query('DELETE FROM case_feed WHERE at < $1 AND seq < (SELECT max(seq) FROM case_feed)', [this.options.clock.now() - keepMs]);
    return result.rowCount ?? 0;
  }

  private async listen(): Promise<pg.Client> {
    const client = await this.connect(true);
    client.on('notification', () => void this.catchUp());
    await client.query(`LISTEN ${this.channel}`);
    return client;
  }

  private async connect(keep: boolean): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.options.url, types, application_name: `city feed ${this.options.schema ?? 'public'}`.slice(0, 63), ...(this.options.schema ? { options: `-c search_path=${this.options.schema}` } : {}) });
    if (keep) {
      client.on('error', (error) => {
        if (this.client === client) this.client = null;
        void client.end().catch(() => undefined);
        if (!this.stopped) this.options.onError?.(error);
      });
      this.client = client;
    }
    try {
      await client.connect();
    } catch (error) {
      if (this.client === client) this.client = null;
      throw error;
    }
    return client;
  }
}
