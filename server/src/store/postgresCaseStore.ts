import pg from 'pg';
import type { Case } from '../../../shared/src/cases/caseModel.js';
import type { CaseEvent } from '../../../shared/src/cases/caseEvent.js';
import { CASE_COLUMNS, EVENT_COLUMNS, LIVE_COLUMNS, MUTABLE_COLUMNS, eventFromRow, eventToRow, externalKey, fromRow, toRow, type CaseRow, type EventRow } from './caseRow.js';
import { areaSql, checkLimit, cursorSql, encodeCursor, filterSql, orderSql, pageSql, pagesByCursor, type SqlParams } from './caseQuerySql.js';
import { kpiCountSql, mergeKpiColumns, type KpiColumns, type KpiGroup, type KpiPeriod, type StoredKpiCounts } from './kpiSql.js';
import { columnsOf, type Columns } from './columns.js';
import type { CasePage, CaseQuery, CaseStore, CaseTransition, InsertResult, LiveRow } from './caseStore.js';
import { historyRows, parseHistoryRows, type HistoryRows } from './historyRows.js';
import type { SnapshotResult, SnapshotStatement } from './caseStore.js';
import { assertKnownVersion, pendingMigrations } from './migrations.js';
import { toPgPlaceholders, type SqlExec } from './sqlExec.js';
import { hourColumns, hourlyCountSql, type HourlyCounts } from './trendSql.js';

export interface PostgresStoreOptions {
  /** Schema for every table (created if missing); tests use a random one to isolate themselves. */
  schema?: string;
  /** Pool size (connections). */
  max?: number;
  /** An idle pooled connection failed (server restart, network); the pool replaces it. */
  onError?: (error: Error) => void;
}

const INT8_OID = 20;
// BIGINT (epoch ms, count(*)) as a JS number: every value stored here is far below 2^53. Set per
// pool, not on pg.types, so other pg users in the process keep their parsers.
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

const COLUMN_LIST = CASE_COLUMNS.map((c) => c.name).join(', ');
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

// One statement for any batch size: one array parameter per column, unnested in input order, so
// seq follows the input. Only the (source, channel, external_id) conflict is absorbed; others roll back.
const INSERT_SQL = `
  INSERT INTO cases (${COLUMN_LIST})
  SELECT ${COLUMN_LIST}
  FROM unnest(${CASE_COLUMNS.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')}) WITH ORDINALITY AS u(${COLUMN_LIST}, ord)
  ORDER BY ord
  ON CONFLICT (source, channel, external_id) DO NOTHING
  RETURNING id, seq`;

const EXISTING_SQL = `
  SELECT ${COLUMN_LIST} FROM cases
  WHERE (source, channel, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))`;

const TRANSITION_COLUMNS = CASE_COLUMNS.filter((c) => c.name === 'id' || c.name === 'version' || MUTABLE_COLUMNS.includes(c.name));
// Applies where the stored version is the one before; answers the ids that applied.
const TRANSITION_SQL = `
  UPDATE cases AS c SET ${MUTABLE_COLUMNS.map((name) => `${name} = u.${name}`).join(', ')}, version = u.version
  FROM unnest(${TRANSITION_COLUMNS.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')}) AS u(${TRANSITION_COLUMNS.map((c) => c.name).join(', ')})
  WHERE c.id = u.id AND c.version = u.version - 1
  RETURNING c.id`;
const EVENT_LIST = EVENT_COLUMNS.map((c) => c.name).join(', ');
const EVENT_INSERT_SQL = `
  INSERT INTO case_events (${EVENT_LIST})
  SELECT ${EVENT_LIST}
  FROM unnest(${EVENT_COLUMNS.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')}) WITH ORDINALITY AS u(${EVENT_LIST}, ord)
  ORDER BY ord`;

/**
 * PostgreSQL store (DATABASE_URL). Writes commit with synchronous_commit on, so a resolved insert
 * is flushed to the server's WAL whatever the server default is.
 */
export async function openPostgresCaseStore(url: string, options: PostgresStoreOptions = {}): Promise<CaseStore> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`schema must match ${SCHEMA_NAME}, got ${JSON.stringify(schema)}`);
  const pool = new pg.Pool({
    connectionString: url,
    types,
    max: options.max ?? 10,
    // A startup parameter, so every pooled connection has the path before its first query.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('error', options.onError ?? ((error) => console.error(`PostgreSQL pool: idle connection failed, it will be replaced: ${error.message}`)));
  const store = new PostgresCaseStore(pool, describeDatabase(url, schema));
  try {
    let version: number;
    try {
      if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      version = await store.schemaVersion();
    } catch (error) {
      throw new Error(`cannot open ${store.where}: ${(error as Error).message}`, { cause: error });
    }
    assertKnownVersion(version, store.where);
    return store;
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/**
 * Reads the live columns of every stored case in seq order, a batch at a time, on a client already
 * inside a snapshot transaction (the store's rebuild and the change feed's). Answers the count.
 */
export async function scanLiveRows(client: pg.ClientBase, batchSize: number, onBatch: (rows: LiveRow[]) => void): Promise<number> {
  let after = 0;
  let total = 0;
  for (;;) {
    const { rows } = await client.query<LiveRow>({ text: `SELECT ${LIVE_COLUMNS}, seq FROM cases WHERE seq > $1 ORDER BY seq LIMIT $2`, values: [after, batchSize], rowMode: 'array' });
    if (rows.length === 0) break;
    after = rows[rows.length - 1]![8];
    onBatch(rows);
    total += rows.length;
    if (rows.length < batchSize) break;
  }
  return total;
}

/** Names the database in errors without its password. */
function describeDatabase(url: string, schema: string | undefined): string {
  let name = 'PostgreSQL database';
  try {
    const u = new URL(url);
    name += ` ${u.host}${u.pathname}`;
  } catch {
    // A key=value connection string: leave it out rather than echo a password.
  }
  return schema ? `${name} (schema ${schema})` : name;
}

class PostgresCaseStore implements CaseStore {
  readonly kind = 'postgres' as const;
  readonly sql: SqlExec = {
    dialect: 'postgres',
    run: async (sql, params = []) => (await this.pool.query(toPgPlaceholders(sql), params)).rowCount ?? 0,
    all: async <T>(sql: string, params: unknown[] = []) => (await this.pool.query(toPgPlaceholders(sql), params)).rows as T[],
  };
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    readonly where: string,
  ) {}

  /** Highest applied migration version; 0 for a new database. */
  async schemaVersion(client: pg.Pool | pg.PoolClient = this.pool): Promise<number> {
    const { rows } = await client.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
    if (rows[0]?.t == null) return 0;
    const result = await client.query<{ v: number }>('SELECT coalesce(max(version), 0) AS v FROM schema_migrations');
    return result.rows[0]!.v;
  }

  async migrate(upTo?: number): Promise<void> {
    await this.transaction('BEGIN', async (client) => {
      // Serializes concurrent migrate() calls on this schema (CREATE TABLE IF NOT EXISTS can race).
      await client.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.schema_migrations'))");
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      for (const m of pendingMigrations(await this.schemaVersion(client), this.where)) {
        if (upTo !== undefined && m.version > upTo) break;
        await client.query(m.postgres);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      }
    });
  }

  async insert(cases: Case[]): Promise<InsertResult> {
    const rows = cases.map(toRow);
    if (rows.length === 0) return { inserted: [], existing: [] };
    return this.transaction(DURABLE_BEGIN, async (client) => {
      const arrays = CASE_COLUMNS.map((c) => rows.map((r) => r[c.name]));
      const result = await client.query<{ id: string; seq: string | number }>(INSERT_SQL, arrays);
      // Each returned id belongs to its first input row; any later copy of that row was skipped.
      const returned = new Map(result.rows.map((r) => [r.id, Number(r.seq)]));
      const seqs = rows.map((r) => {
        const seq = returned.get(r.id);
        returned.delete(r.id);
        return seq;
      });
      const wasInserted = seqs.map((seq) => seq !== undefined);
      const skipped = rows.filter((_, i) => !wasInserted[i]);
      const stored = new Map<string, CaseRow>();
      if (skipped.length > 0) {
        const found = await client.query<CaseRow>(EXISTING_SQL, [skipped.map((r) => r.source), skipped.map((r) => r.channel), skipped.map((r) => r.external_id)]);
        for (const row of found.rows) stored.set(externalKey(rowKey(row))!, row);
      }
      const out: InsertResult = { inserted: [], existing: [] };
      rows.forEach((row, i) => {
        if (wasInserted[i]) return void out.inserted.push({ ...fromRow(row), seq: seqs[i]! });
        const key = externalKey(rowKey(row));
        const existing = key === null ? undefined : stored.get(key);
        if (!existing) throw new Error(`case ${row.id}: insert was skipped but no stored case has its external id`);
        out.existing.push(fromRow(existing));
      });
      return out;
    });
  }

  async transition(items: CaseTransition[]): Promise<boolean[]> {
    if (items.length === 0) return [];
    const rows = items.map((item) => ({ row: toRow(item.case), event: eventToRow(item.event) }));
    // One UPDATE ... FROM unnest per round of distinct ids (it would pick one of two rows for an id
    // at random), rounds in input order: two transitions of one case apply one after the other.
    const rounds: number[][] = [];
    const roundOf = new Map<string, number>();
    rows.forEach(({ row }, i) => {
      const r = (roundOf.get(row.id) ?? -1) + 1;
      roundOf.set(row.id, r);
      (rounds[r] ??= []).push(i);
    });
    const applied = new Array<boolean>(items.length).fill(false);
    await this.transaction(DURABLE_BEGIN, async (client) => {
      for (const round of rounds) {
        const result = await client.query<{ id: string }>(TRANSITION_SQL, TRANSITION_COLUMNS.map((c) => round.map((i) => rows[i]!.row[c.name])));
        const ok = new Set(result.rows.map((r) => r.id));
        const done = round.filter((i) => ok.has(rows[i]!.row.id));
        for (const i of done) applied[i] = true;
        if (done.length > 0) await client.query(EVENT_INSERT_SQL, EVENT_COLUMNS.map((c) => done.map((i) => rows[i]!.event[c.name])));
      }
    });
    return applied;
  }

  async kpiCounts(area: CaseQuery['area'], areaCode: string, group: KpiGroup | undefined, period: KpiPeriod): Promise<Map<string, StoredKpiCounts>> {
    const { received, due } = await this.kpiColumns(area, areaCode, group, period);
    return mergeKpiColumns(received, due);
  }

  async kpiColumns(area: CaseQuery['area'], areaCode: string, group: KpiGroup | undefined, period: KpiPeriod): Promise<KpiColumns> {
    const receivedParams: unknown[] = [];
    const dueParams: unknown[] = [];
    const rp = pgParams(receivedParams);
    const dp = pgParams(dueParams);
    const received = kpiCountSql('received', areaSql(area, rp), areaCode, group, period, rp);
    const due = kpiCountSql('due', areaSql(area, dp), areaCode, group, period, dp);
    const [r, d] = await Promise.all([this.columns(received, receivedParams), this.columns(due, dueParams)]);
    return { received: r, due: d };
  }

  async hourlyCounts(from: number, to: number, under?: string): Promise<HourlyCounts> {
    const { received, closed } = hourlyCountSql(from, to, under);
    const [r, c] = await Promise.all([this.columns(toPgPlaceholders(received.sql), received.params), this.columns(toPgPlaceholders(closed.sql), closed.params)]);
    return { received: hourColumns(r), closed: hourColumns(c) };
  }

  /** A query's answer as Columns (every value a number, or NUMERIC's string). */
  private async columns(text: string, values: unknown[]): Promise<Columns> {
    const result = await this.pool.query<unknown[]>({ text, values, rowMode: 'array' });
    return columnsOf(
      result.fields.map((f) => f.name),
      result.rows,
    );
  }

  async events(caseId: string): Promise<CaseEvent[]> {
    const { rows } = await this.pool.query<EventRow>(`SELECT ${EVENT_LIST} FROM case_events WHERE case_id = $1 ORDER BY seq`, [caseId]);
    return rows.map(eventFromRow);
  }

  async get(id: string): Promise<Case | undefined> {
    const { rows } = await this.pool.query<CaseRow>(`SELECT ${COLUMN_LIST} FROM cases WHERE id = $1`, [id]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async getBySeq(seq: number): Promise<Case | undefined> {
    const { rows } = await this.pool.query<CaseRow>(`SELECT ${COLUMN_LIST} FROM cases WHERE seq = $1`, [seq]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async query(q: CaseQuery): Promise<CasePage> {
    const limit = checkLimit(q.limit);
    const countParams: unknown[] = [];
    const countFilter = filterSql(q, pgParams(countParams));
    const pageParams: unknown[] = [];
    const p = pgParams(pageParams);
    const pageWhere = filterSql(q, p) + cursorSql(q.cursor, p);
    // Two pooled connections at once; one row more than the page tells whether another follows.
    const [page, count] = await Promise.all([
      this.pool.query<CaseRow>(`SELECT ${COLUMN_LIST} FROM cases WHERE ${pageWhere} ${orderSql(q.sort, q.first, p)} ${pageSql(q, limit)}`, pageParams),
      this.pool.query<{ n: number }>(`SELECT count(*) AS n FROM cases WHERE ${countFilter}`, countParams),
    ]);
    const rows = page.rows.slice(0, limit);
    const last = rows.at(-1);
    return {
      items: rows.map(fromRow),
      total: count.rows[0]!.n,
      nextCursor: page.rows.length > limit && last && pagesByCursor(q) ? encodeCursor({ reportedAt: last.reported_at, id: last.id }) : null,
    };
  }

  async insertHistory(items: { case: Case; events: CaseEvent[] }[]): Promise<void> {
    if (items.length > 0) await this.insertHistoryRows(historyRows(items));
  }

  async insertHistoryRows(rows: HistoryRows): Promise<void> {
    if (rows.cases === 0) return;
    const [values, events] = parseHistoryRows(rows);
    // Flat rows → one array per column (the unnest insert's parameters).
    const columns = (flat: unknown[], width: number) => Array.from({ length: width }, (_, k) => Array.from({ length: flat.length / width }, (_, i) => flat[i * width + k]));
    await this.transaction(DURABLE_BEGIN, async (client) => {
      const result = await client.query<{ id: string }>(INSERT_SQL, columns(values, CASE_COLUMNS.length));
      if (result.rows.length !== rows.cases) throw new Error(`history: ${rows.cases - result.rows.length} case(s) conflict with stored cases`);
      if (rows.events > 0) await client.query(EVENT_INSERT_SQL, columns(events, EVENT_COLUMNS.length));
    });
  }

  // Each batch is its own durable transaction, with the indexes kept: nodes sharing the database
  // may start at once (server.ts), and one's history then fails on the other's ids.
  async beginHistory(): Promise<void> {}

  async endHistory(): Promise<void> {}

  async discardUnfinishedHistory(): Promise<boolean> {
    return false;
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*) AS n FROM cases');
    return rows[0]!.n;
  }

  async scan(batchSize: number, onBatch: (cases: Case[]) => void): Promise<number> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    // One snapshot for the whole scan: a concurrent insert that commits a lower seq late cannot be skipped.
    return this.transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
      let after = 0;
      let total = 0;
      for (;;) {
        const { rows } = await client.query<CaseRow & { seq: number }>(`SELECT seq, ${COLUMN_LIST} FROM cases WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, batchSize]);
        if (rows.length === 0) break;
        onBatch(rows.map(fromRow));
        total += rows.length;
        after = rows[rows.length - 1]!.seq;
        if (rows.length < batchSize) break;
      }
      return total;
    });
  }

  async scanLive(batchSize: number, onBatch: (rows: LiveRow[]) => void): Promise<number> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    return this.transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
      return scanLiveRows(client, batchSize, onBatch);
    });
  }

  async readSnapshot(statements: readonly SnapshotStatement[]): Promise<SnapshotResult[]> {
    return this.transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
      const out: SnapshotResult[] = [];
      for (const s of statements) {
        const params: unknown[] = [];
        const text = s.sql(pgParams(params));
        if (s.columns) {
          const result = await client.query<unknown[]>({ text, values: params, rowMode: 'array' });
          out.push(columnsOf(result.fields.map((f) => f.name), result.rows));
        } else out.push((await client.query<Record<string, unknown>>(text, params)).rows);
      }
      return out;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async transaction<T>(begin: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(begin);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is discarded rather than returned to the pool.
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

const rowKey = (r: CaseRow) => ({ source: r.source, channel: r.channel, externalId: r.external_id });

/** Overrides a server or role default of synchronous_commit = off for our writes. */
const DURABLE_BEGIN = 'BEGIN; SET LOCAL synchronous_commit = on';

function pgParams(params: unknown[]): SqlParams {
  return {
    value(v) {
      params.push(v);
      return `$${params.length}`;
    },
    inList(column, values) {
      params.push(values);
      return `${column} = ANY($${params.length}::text[])`;
    },
  };
}
