import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { availableParallelism } from 'node:os';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { Case } from '../../../shared/src/cases/caseModel.js';
import type { CaseEvent } from '../../../shared/src/cases/caseEvent.js';
import { CASE_COLUMNS, EVENT_COLUMNS, LIVE_COLUMNS, MUTABLE_COLUMNS, eventFromRow, eventToRow, fromRow, toRow, type CaseRow, type EventRow } from './caseRow.js';
import { areaSql, checkLimit, cursorSql, encodeCursor, filterSql, orderSql, pageSql, pagesByCursor, type SqlParams } from './caseQuerySql.js';
import { kpiCountSql, mergeKpiColumns, type KpiColumns, type KpiGroup, type KpiPeriod, type StoredKpiCounts } from './kpiSql.js';
import type { Columns } from './columns.js';
import type { CasePage, CaseQuery, CaseStore, CaseTransition, InsertResult, LiveRow } from './caseStore.js';
import type { SnapshotResult, SnapshotStatement } from './caseStore.js';
import { historyRows, type HistoryRows } from './historyRows.js';
import { assertKnownVersion, pendingMigrations } from './migrations.js';
import { SqliteWriterThread } from './sqliteWriterThread.js';
import { SqliteReadPool, type ReadStatement } from './sqliteReadPool.js';
import type { SqlExec } from './sqlExec.js';
import { hourColumns, hourlyCountSql, type HourlyCounts } from './trendSql.js';

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
/**
 * Read threads (sqliteReadPool.ts): one core is left to the event loop. On 2 cores a second read
 * thread made health answers slower (p50 during a burst of KPI requests: 27-39 ms instead of 4)
 * while the 5 s refresh and requests ran side by side; from 3 cores up, two.
 */
const READ_THREADS = Math.max(1, Math.min(2, availableParallelism() - 1));

/**
 * While a history is written into an empty store (beginHistory … endHistory): no fsync per batch
 * (WAL with synchronous=NORMAL syncs at checkpoints only, and never corrupts the file; endHistory
 * syncs everything before the commit that marks the history complete) and a larger page cache.
 */
const HISTORY_PRAGMAS = ['synchronous = NORMAL', `cache_size = -${4 * CACHE_KIB}`];
/** Building the indexes again: a larger cache keeps more of each sort in memory. */
const INDEX_BUILD_PRAGMAS = [`cache_size = -${8 * CACHE_KIB}`];

const COLUMN_LIST = CASE_COLUMNS.map((c) => c.name).join(', ');
const PRAGMAS = ['synchronous = FULL', `busy_timeout = ${BUSY_TIMEOUT_MS}`, `cache_size = -${CACHE_KIB}`, `wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`];
const READ_PRAGMAS = [`busy_timeout = ${BUSY_TIMEOUT_MS}`, `cache_size = -${CACHE_KIB}`];
const INSERT_SQL = `INSERT INTO cases (${COLUMN_LIST}) VALUES (${CASE_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (source, channel, external_id) DO NOTHING`;
const BY_EXTERNAL_SQL = `SELECT ${COLUMN_LIST} FROM cases WHERE source = ? AND channel = ? AND external_id = ?`;
const TRANSITION_SQL = `UPDATE cases SET ${MUTABLE_COLUMNS.map((c) => `${c} = ?`).join(', ')}, version = ? WHERE id = ? AND version = ?`;
const EVENT_SQL = `INSERT INTO case_events (${EVENT_COLUMNS.map((c) => c.name).join(', ')}) VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')})`;
const EVENT_LIST = EVENT_COLUMNS.map((c) => c.name).join(', ');

type SeqRow = CaseRow & { seq: number };

/**
 * Embedded SQLite store. WAL + synchronous=FULL: a commit is fsynced to the WAL before insert()
 * resolves, so an acknowledged case survives SIGKILL and power loss. better-sqlite3 is synchronous,
 * so only short work runs on this thread's connection: migrations, point reads (a case, its
 * events), the start-up scan in batches, the small tables. Inserts and updates run on a writer
 * thread (sqliteWriter.cjs), so a 1,000-case commit (~30–60 ms of b-tree work and fsync) does not
 * stall the event loop; KPI and trend counts, case lists and counts on read threads
 * (sqliteReader.cjs, read-only connections), so a grouped count over a large day (seconds) does not
 * either. WAL lets every connection see each commit once it is acknowledged. A file is required:
 * an in-memory database cannot be shared between threads.
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
  // the writer thread's lock is waited for (busy_timeout). Statements are kept by their text: every
  // request's credential check runs the same few, and preparing one costs more than running it.
  readonly sql: SqlExec = {
    dialect: 'sqlite',
    run: async (sql, params = []) => this.smallTableStatement(sql).run(...params).changes,
    all: async <T>(sql: string, params: unknown[] = []) => this.smallTableStatement(sql).all(...params) as T[],
  };
  private readonly smallTableStatements = new Map<string, Database.Statement>();
  // Prepared on first use: before migrate() the table may not exist yet.
  private statements: ReturnType<SqliteCaseStore['prepare']> | undefined;
  // Started on first write, after migrate() has created the tables.
  private writerThread: SqliteWriterThread | undefined;
  private readonly reads: SqliteReadPool;
  readonly where: string;

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
  ) {
    this.where = `SQLite database ${file}`;
    this.reads = new SqliteReadPool({ file, pragmas: READ_PRAGMAS, size: READ_THREADS });
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
    this.smallTableStatements.clear();
  }

  private prepare() {
    const db = this.db;
    return {
      byId: db.prepare<[string], CaseRow>(`SELECT ${COLUMN_LIST} FROM cases WHERE id = ?`),
      bySeq: db.prepare<[number], CaseRow>(`SELECT ${COLUMN_LIST} FROM cases WHERE seq = ?`),
      scan: db.prepare<[number, number], SeqRow>(`SELECT seq, ${COLUMN_LIST} FROM cases WHERE seq > ? ORDER BY seq LIMIT ?`),
      scanLive: db.prepare<[number, number], unknown[]>(`SELECT ${LIVE_COLUMNS}, seq FROM cases WHERE seq > ? ORDER BY seq LIMIT ?`).raw(true),
      events: db.prepare<[string], EventRow>(`SELECT ${EVENT_LIST} FROM case_events WHERE case_id = ? ORDER BY seq`),
    };
  }

  /** Bounded: a caller building statement texts on the fly (a migration test) cannot grow it. */
  private smallTableStatement(sql: string): Database.Statement {
    let statement = this.smallTableStatements.get(sql);
    if (!statement) {
      if (this.smallTableStatements.size >= 256) this.smallTableStatements.clear();
      this.smallTableStatements.set(sql, (statement = this.db.prepare(sql)));
    }
    return statement;
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
    return { inserted: rows.flatMap((row, i) => (inserted[i]! > 0 ? [{ ...fromRow(row), seq: inserted[i]! }] : [])), existing: existing.map(fromRow) };
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
    const { received, due } = await this.kpiColumns(area, areaCode, group, period);
    return mergeKpiColumns(received, due);
  }

  async kpiColumns(area: CaseQuery['area'], areaCode: string, group: KpiGroup | undefined, period: KpiPeriod): Promise<KpiColumns> {
    const receivedParams: Array<string | number> = [];
    const dueParams: Array<string | number> = [];
    const rp = sqliteParams(receivedParams);
    const dp = sqliteParams(dueParams);
    const received = kpiCountSql('received', areaSql(area, rp), areaCode, group, period, rp);
    const due = kpiCountSql('due', areaSql(area, dp), areaCode, group, period, dp);
    const [r, d] = await this.read([
      { sql: received, params: receivedParams, columns: true },
      { sql: due, params: dueParams, columns: true },
    ]);
    return { received: r as Columns, due: d as Columns };
  }

  async hourlyCounts(from: number, to: number, under?: string): Promise<HourlyCounts> {
    const { received, closed } = hourlyCountSql(from, to, under);
    const [r, c] = await this.read([
      { ...received, columns: true },
      { ...closed, columns: true },
    ]);
    return { received: hourColumns(r as Columns), closed: hourColumns(c as Columns) };
  }

  async events(caseId: string): Promise<CaseEvent[]> {
    return this.stmt.events.all(caseId).map(eventFromRow);
  }

  async get(id: string): Promise<Case | undefined> {
    const row = this.stmt.byId.get(id);
    return row ? fromRow(row) : undefined;
  }

  async getBySeq(seq: number): Promise<Case | undefined> {
    const row = this.stmt.bySeq.get(seq);
    return row ? fromRow(row) : undefined;
  }

  async query(q: CaseQuery): Promise<CasePage> {
    const limit = checkLimit(q.limit);
    const countParams: Array<string | number> = [];
    const countFilter = filterSql(q, sqliteParams(countParams));
    const pageParams: Array<string | number> = [];
    const p = sqliteParams(pageParams);
    const pageWhere = filterSql(q, p) + cursorSql(q.cursor, p);
    // One row more than the page tells whether another page follows; the total from the same snapshot.
    const [pageRows, countRows] = await this.read([
      { sql: `SELECT ${COLUMN_LIST} FROM cases WHERE ${pageWhere} ${orderSql(q.sort, q.first, p)} ${pageSql(q, limit)}`, params: pageParams },
      { sql: `SELECT count(*) AS n FROM cases WHERE ${countFilter}`, params: countParams },
    ]);
    const rows = pageRows as CaseRow[];
    const total = (countRows as { n: number }[])[0]!.n;
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(fromRow),
      total,
      nextCursor: rows.length > limit && last && pagesByCursor(q) ? encodeCursor({ reportedAt: last.reported_at, id: last.id }) : null,
    };
  }

  async insertHistory(items: { case: Case; events: CaseEvent[] }[]): Promise<void> {
    if (items.length > 0) await this.insertHistoryRows(historyRows(items));
  }

  async insertHistoryRows(rows: HistoryRows): Promise<void> {
    if (rows.cases > 0) await this.writer.insertHistory(rows.json, CASE_COLUMNS.length, EVENT_COLUMNS.length);
  }

  async beginHistory(): Promise<void> {
    await this.writer.beginHistory(HISTORY_PRAGMAS);
  }

  async endHistory(): Promise<void> {
    await this.writer.endHistory(INDEX_BUILD_PRAGMAS);
  }

  async discardUnfinishedHistory(): Promise<boolean> {
    return this.writer.discardHistory(INDEX_BUILD_PRAGMAS);
  }

  async count(): Promise<number> {
    const [rows] = await this.read([{ sql: 'SELECT count(*) AS n FROM cases', params: [] }]);
    return (rows as { n: number }[])[0]!.n;
  }

  /** On a read thread; the main connection's open file proves the store is not closed. */
  private read(statements: ReadStatement[]): Promise<unknown[]> {
    if (!this.db.open) return Promise.reject(new Error(`${this.where} is closed`));
    return this.reads.read(statements);
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

  async readSnapshot(statements: readonly SnapshotStatement[]): Promise<SnapshotResult[]> {
    const reads = statements.map((s): ReadStatement => {
      const params: Array<string | number> = [];
      return { sql: s.sql(sqliteParams(params)), params, ...(s.columns ? { columns: true } : {}) };
    });
    return (await this.read(reads)) as SnapshotResult[];
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    await Promise.all([this.writerThread?.close(), this.reads.close()]);
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
