import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { Case } from '../../../shared/src/cases/caseModel.js';
import type { CaseEvent } from '../../../shared/src/cases/caseEvent.js';
import { CASE_COLUMNS, EVENT_COLUMNS, LIVE_COLUMNS, MUTABLE_COLUMNS, eventFromRow, eventToRow, fromRow, toRow, type CaseRow, type EventRow } from './caseRow.js';
import { PAGE_ORDER, areaSql, checkLimit, cursorSql, encodeCursor, filterSql, type SqlParams } from './caseQuerySql.js';
import { kpiCountSql, mergeKpiRows, type DueRow, type KpiGroup, type KpiPeriod, type ReceivedRow, type StoredKpiCounts } from './kpiSql.js';
import type { CasePage, CaseQuery, CaseStore, CaseTransition, InsertResult, LiveRow } from './caseStore.js';
import { assertKnownVersion, pendingMigrations } from './migrations.js';
import { SqliteWriterThread } from './sqliteWriterThread.js';
import type { SqlExec } from './sqlExec.js';

/** How long a writer waits for another connection's write lock before failing (ms). */
const BUSY_TIMEOUT_MS = 5_000;
/** Page cache per connection, KiB (negative pragma value): keeps the 9 b-trees' upper levels hot. */
const CACHE_KIB = 32 * 1024;
/**
 * WAL pages (4 KiB) before an automatic checkpoint: 10,000 ≈ 40 MB instead of the default 4 MB.
 * A checkpoint copies every dirtied page into the database and fsyncs it; a batch of 1,000 dirties
 * ~1,000 scattered area-index pages, so checkpointing 10× less often measured +20–30% inserts/s.
 * Cost: the commit that triggers one takes longer (slowestBatchMs in the bench).
 */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;

const COLUMN_LIST = CASE_COLUMNS.map((c) => c.name).join(', ');
const PRAGMAS = ['synchronous = FULL', `busy_timeout = ${BUSY_TIMEOUT_MS}`, `cache_size = -${CACHE_KIB}`, `wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`];
const INSERT_SQL = `INSERT INTO cases (${COLUMN_LIST}) VALUES (${CASE_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (source, channel, external_id) DO NOTHING`;
const BY_EXTERNAL_SQL = `SELECT ${COLUMN_LIST} FROM cases WHERE source = ? AND channel = ? AND external_id = ?`;
const TRANSITION_SQL = `UPDATE cases SET ${MUTABLE_COLUMNS.map((c) => `${c} = ?`).join(', ')}, version = ? WHERE id = ? AND version = ?`;
const EVENT_SQL = `INSERT INTO case_events (${EVENT_COLUMNS.map((c) => c.name).join(', ')}) VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')})`;
const EVENT_LIST = EVENT_COLUMNS.map((c) => c.name).join(', ');

type SeqRow = CaseRow & { seq: number };

/**
 * Embedded SQLite store. WAL + synchronous=FULL: a commit is fsynced to the WAL before insert()
 * resolves, so an acknowledged case survives SIGKILL and power loss. Two connections: reads and
 * migrations run on this thread (better-sqlite3 is synchronous, reads are short), inserts and
 * updates on a writer thread (sqliteWriter.cjs) so a 1,000-case commit (~30–60 ms of b-tree work
 * and fsync) does not stall the event loop. WAL lets the reader see every commit once it is
 * acknowledged. A file is required: an in-memory database cannot be shared between threads.
 */
export async function openSqliteCaseStore(file: string): Promise<CaseStore> {
  if (file === ':memory:' || file === '') throw new Error('the SQLite case store needs a database file (an in-memory database cannot be shared with its writer thread)');
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    for (const pragma of PRAGMAS) db.pragma(pragma);
    const store = new SqliteCaseStore(db, file);
    assertKnownVersion(store.schemaVersion(), store.where);
    return store;
  } catch (error) {
    db.close();
    throw error;
  }
}

class SqliteCaseStore implements CaseStore {
  readonly kind = 'sqlite' as const;
  // On this thread's connection: these tables see a few writes a second at most (sign-ins, audit);
  // the writer thread's lock is waited for (busy_timeout).
  readonly sql: SqlExec = {
    dialect: 'sqlite',
    run: async (sql, params = []) => this.db.prepare(sql).run(...params).changes,
    all: async <T>(sql: string, params: unknown[] = []) => this.db.prepare(sql).all(...params) as T[],
  };
  // Prepared on first use: before migrate() the table may not exist yet.
  private statements: ReturnType<SqliteCaseStore['prepare']> | undefined;
  // Started on first write, after migrate() has created the tables.
  private writerThread: SqliteWriterThread | undefined;
  readonly where: string;

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
  ) {
    this.where = `SQLite database ${file}`;
  }

  private get writer(): SqliteWriterThread {
    return (this.writerThread ??= new SqliteWriterThread({
      file: this.file,
      pragmas: PRAGMAS,
      insertSql: INSERT_SQL,
      byExternalSql: BY_EXTERNAL_SQL,
      transitionSql: TRANSITION_SQL,
      eventSql: EVENT_SQL,
      sourceIndex: CASE_COLUMNS.findIndex((c) => c.name === 'source'),
      channelIndex: CASE_COLUMNS.findIndex((c) => c.name === 'channel'),
      externalIdIndex: CASE_COLUMNS.findIndex((c) => c.name === 'external_id'),
    }));
  }

  /** Highest applied migration version; 0 for a new database. */
  schemaVersion(): number {
    const table = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    if (!table) return 0;
    return (this.db.prepare('SELECT coalesce(max(version), 0) AS v FROM schema_migrations').get() as { v: number }).v;
  }

  async migrate(upTo?: number): Promise<void> {
    const apply = this.db.transaction(() => {
      this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
      const record = this.db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
      for (const m of pendingMigrations(this.schemaVersion(), this.where)) {
        if (upTo !== undefined && m.version > upTo) break;
        this.db.exec(m.sqlite);
        record.run(m.version, m.name);
      }
      const broken = this.db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`${this.where}: migration left ${broken.length} row(s) with a broken foreign key: ${JSON.stringify(broken.slice(0, 3))}`);
    });
    // A migration that rebuilds a table (SQLite cannot drop a constraint) drops the table others
    // refer to: foreign keys are off meanwhile and checked before commit (SQLite's own procedure).
    // The pragma is a no-op inside a transaction, so it is set around it.
    this.db.pragma('foreign_keys = OFF');
    try {
      // IMMEDIATE takes the write lock first, so two processes migrating at once run one after the other.
      apply.immediate();
    } finally {
      this.db.pragma('foreign_keys = ON');
    }
    this.statements = undefined;
  }

  private prepare() {
    const db = this.db;
    return {
      byId: db.prepare<[string], CaseRow>(`SELECT ${COLUMN_LIST} FROM cases WHERE id = ?`),
      scan: db.prepare<[number, number], SeqRow>(`SELECT seq, ${COLUMN_LIST} FROM cases WHERE seq > ? ORDER BY seq LIMIT ?`),
      scanLive: db.prepare<[number, number], unknown[]>(`SELECT ${LIVE_COLUMNS}, seq FROM cases WHERE seq > ? ORDER BY seq LIMIT ?`).raw(true),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM cases'),
      events: db.prepare<[string], EventRow>(`SELECT ${EVENT_LIST} FROM case_events WHERE case_id = ? ORDER BY seq`),
    };
  }

  private get stmt() {
    return (this.statements ??= this.prepare());
  }

  async insert(cases: Case[]): Promise<InsertResult> {
    const rows = cases.map(toRow); // conversion errors surface before anything is sent
    // Positional arrays: cheaper to bind, and to copy to the writer thread, than named rows.
    const values: unknown[] = new Array(rows.length * CASE_COLUMNS.length);
    let k = 0;
    for (const row of rows) for (const c of CASE_COLUMNS) values[k++] = row[c.name];
    const { inserted, existing } = await this.writer.insert(values, CASE_COLUMNS.length);
    return { inserted: rows.filter((_, i) => inserted[i] === 1).map(fromRow), existing: existing.map(fromRow) };
  }

  async transition(items: CaseTransition[]): Promise<boolean[]> {
    if (items.length === 0) return [];
    const rows = items.map((item): [unknown[], unknown[]] => {
      const row = toRow(item.case);
      const event = eventToRow(item.event);
      return [[...MUTABLE_COLUMNS.map((c) => row[c]), row.version, row.id, row.version - 1], EVENT_COLUMNS.map((c) => event[c.name])];
    });
    const applied = await this.writer.transition(rows);
    return items.map((_, i) => applied[i] === 1);
  }

  async kpiCounts(area: CaseQuery['area'], areaCode: string, group: KpiGroup | undefined, period: KpiPeriod): Promise<Map<string, StoredKpiCounts>> {
    const receivedParams: Array<string | number> = [];
    const dueParams: Array<string | number> = [];
    const rp = sqliteParams(receivedParams);
    const dp = sqliteParams(dueParams);
    const received = kpiCountSql('received', areaSql(area, rp), areaCode, group, period, rp);
    const due = kpiCountSql('due', areaSql(area, dp), areaCode, group, period, dp);
    return mergeKpiRows(this.db.prepare<unknown[], ReceivedRow>(received).all(...receivedParams), this.db.prepare<unknown[], DueRow>(due).all(...dueParams));
  }

  async events(caseId: string): Promise<CaseEvent[]> {
    return this.stmt.events.all(caseId).map(eventFromRow);
  }

  async get(id: string): Promise<Case | undefined> {
    const row = this.stmt.byId.get(id);
    return row ? fromRow(row) : undefined;
  }

  async query(q: CaseQuery): Promise<CasePage> {
    const limit = checkLimit(q.limit);
    const countParams: Array<string | number> = [];
    const countFilter = filterSql(q, sqliteParams(countParams));
    const pageParams: Array<string | number> = [];
    const p = sqliteParams(pageParams);
    const pageWhere = filterSql(q, p) + cursorSql(q.cursor, p);
    // One row more than the page tells whether another page follows.
    const rows = this.db.prepare<unknown[], CaseRow>(`SELECT ${COLUMN_LIST} FROM cases WHERE ${pageWhere} ${PAGE_ORDER} LIMIT ${limit + 1}`).all(...pageParams);
    const { n: total } = this.db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM cases WHERE ${countFilter}`).get(...countParams)!;
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(fromRow),
      total,
      nextCursor: rows.length > limit && last ? encodeCursor({ reportedAt: last.reported_at, id: last.id }) : null,
    };
  }

  async count(): Promise<number> {
    return this.stmt.count.get()!.n;
  }

  async scan(batchSize: number, onBatch: (cases: Case[]) => void): Promise<number> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    const { scan } = this.stmt;
    let after = 0;
    let total = 0;
    for (;;) {
      const rows = scan.all(after, batchSize);
      if (rows.length === 0) break;
      onBatch(rows.map(fromRow));
      total += rows.length;
      after = rows[rows.length - 1]!.seq;
      if (rows.length < batchSize) break;
      // Let sockets breathe between batches; a writer meanwhile appends behind `after` (seq is max + 1).
      await yieldToEventLoop();
    }
    return total;
  }

  async scanLive(batchSize: number, onBatch: (rows: LiveRow[]) => void): Promise<number> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    const { scanLive } = this.stmt;
    let after = 0;
    let total = 0;
    for (;;) {
      const rows = scanLive.all(after, batchSize) as LiveRow[];
      if (rows.length === 0) break;
      after = rows[rows.length - 1]![8];
      onBatch(rows);
      total += rows.length;
      if (rows.length < batchSize) break;
      await yieldToEventLoop();
    }
    return total;
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    await this.writerThread?.close();
    // Refreshes the planner's statistics where they went stale (SQLite's advice: on every close).
    this.db.pragma('optimize');
    this.db.close();
  }
}

function sqliteParams(params: Array<string | number>): SqlParams {
  return {
    value(v) {
      params.push(v);
      return '?';
    },
    inList(column, values) {
      params.push(...values);
      return `${column} IN (${values.map(() => '?').join(', ')})`;
    },
  };
}
