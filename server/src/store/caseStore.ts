import type { KpiName } from '../../../shared/src/kpi/kpiNames.js';
import type { KpiColumns, KpiGroup, KpiPeriod, StoredKpiCounts } from './kpiSql.js';
import type { HistoryRows } from './historyRows.js';
import type { SqlExec } from './sqlExec.js';
import type { HourlyCounts } from './trendSql.js';
import type { CaseEvent } from '../../../shared/src/cases/caseEvent.js';
import type { Case, CaseStatus, Channel, Urgency } from '../../../shared/src/cases/caseModel.js';
import type { CaseSort, PartyFlag, SortOrder } from '../../../shared/src/api/cases.js';

/** Filters of GET /api/cases, already validated. Times are epoch milliseconds. */
export interface CaseQuery {
  /** Area code at any level; the city's code (or none) means the whole city. */
  area?: { level: 'city' | 'district' | 'street' | 'community' | 'grid'; code: string };
  /** Only the cases this source submitted (`Case.source`). */
  source?: string;
  status?: CaseStatus[];
  category?: string[];
  subcategory?: string[];
  urgency?: Urgency[];
  channel?: Channel[];
  /** 党建引领: reported by a party member, or handled by one. */
  party?: PartyFlag;
  /** reportedAt in [from, to) */
  from?: number;
  to?: number;
  /** Only the cases assigned to this roster worker or unit (`Case.assignee`). */
  assignee?: string;
  /** The cases assigned to this worker first, then the others, each part in `sort` order (pages with offset). */
  first?: { assignee: string };
  /** Address or description contains this text (the desk's search). */
  text?: string;
  /** 1..5,000 (the API allows 500; exports read larger pages) */
  limit: number;
  /** Order of the page; default newest first (reportedAt desc). Ties: newest first, then by id. */
  sort?: { key: CaseSort; order: SortOrder };
  /** Rows skipped before the page (any sort); the cursor pages the default order only. */
  offset?: number;
  /** The cases behind a KPI figure (GET /api/cases?kpi=): replaces from/to by the KPI's own period test. */
  kpi?: { name: KpiName; period: KpiPeriod };
  /** Opaque keyset cursor from a previous page (newest first by reportedAt, then id). */
  cursor?: string;
}

export interface CasePage {
  items: Case[];
  /** Number of cases matching the filters (all pages). */
  total: number;
  nextCursor: string | null;
}

/**
 * What the live state needs of a stored case, as a flat tuple (no Case object, no time
 * formatting): rebuilding from a million cases at start-up stays a matter of seconds.
 * [id, status, category, urgency, grid, reportedAt ms, deadline ms | null, assignee | null, insertion seq]
 */
export type LiveRow = [string, CaseStatus, string, Urgency, string, number, number | null, string | null, number];

export interface InsertResult {
  /** Cases inserted by this call, in input order. */
  inserted: Case[];
  /** Input cases whose (source, channel, externalId) was already stored: the stored case is returned. */
  existing: Case[];
}

/** A case's new state (its version one above the stored one) and the event that records why. */
export interface CaseTransition {
  case: Case;
  event: CaseEvent;
}

/**
 * Durable storage of cases. Two drivers implement it: embedded SQLite (default) and PostgreSQL
 * (DATABASE_URL). A promise that resolves means the data is on disk (committed and synced), and
 * every read asked after that sees it. Heavy reads (KPI and trend counts, case lists) never run
 * on the caller's thread: PostgreSQL answers them over the network, SQLite on its read threads.
 */
export interface CaseStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Plain SQL on the same database, for the small tables (accounts, tokens, audit). */
  readonly sql: SqlExec;
  /** Applies pending versioned migrations (up to version `upTo`: tests of an upgrade). Idempotent. */
  migrate(upTo?: number): Promise<void>;
  /** All cases in one transaction, or none. Resolves after commit. */
  insert(cases: Case[]): Promise<InsertResult>;
  /**
   * Applies transitions in one transaction: each replaces the case's mutable fields and appends its
   * event, if the stored version is still `case.version - 1` (optimistic concurrency). Answers per
   * item whether it applied; a stale item is skipped, the others still apply.
   */
  transition(items: CaseTransition[]): Promise<boolean[]>;
  /**
   * KPI counts for a period in an area, per child group (district, street, community, grid) or,
   * without a group, for the area itself (keyed by its code; the city when no area).
   */
  kpiCounts(area: CaseQuery['area'], areaCode: string, group: KpiGroup | undefined, period: KpiPeriod): Promise<Map<string, StoredKpiCounts>>;
  /**
   * The same counts as the store's two grouped answers, unmerged (kpiSql.ts KpiColumns): for a
   * caller that adds them up itself (the live KPIs sum a city's cells straight into flat arrays,
   * without a map of 16,600 records built on the event loop first).
   */
  kpiColumns(area: CaseQuery['area'], areaCode: string, group: KpiGroup | undefined, period: KpiPeriod): Promise<KpiColumns>;
  /** Cases received and closed in [from, to) per grid cell and clock hour, city-wide or under one area code. */
  hourlyCounts(from: number, to: number, under?: string): Promise<HourlyCounts>;
  /** The events of one case, oldest first. */
  events(caseId: string): Promise<CaseEvent[]>;
  get(id: string): Promise<Case | undefined>;
  /** The case stored with this seq (the key of the map's points), as get() answers it. */
  getBySeq(seq: number): Promise<Case | undefined>;
  /**
   * Cases with their past events, stored as they are (a history written at first start): in one
   * transaction, events after their case. A case id already stored fails the whole call.
   */
  insertHistory(items: { case: Case; events: CaseEvent[] }[]): Promise<void>;
  /** The same, with the rows already built and serialised (historyRows.ts), e.g. on the thread that generated them. */
  insertHistoryRows(rows: HistoryRows): Promise<void>;
  /**
   * Around a whole history written into an empty store (writeHistory): beginHistory before its
   * first insertHistoryRows, endHistory after its last. Until endHistory has committed, the store
   * holds an unfinished history (SQLite: written without its indexes and without an fsync per
   * batch), which discardUnfinishedHistory removes. PostgreSQL keeps its indexes: nothing to do.
   */
  beginHistory(): Promise<void>;
  endHistory(): Promise<void>;
  /** Removes an unfinished history (a start cut short while writing it): its cases and events; true if there was one. */
  discardUnfinishedHistory(): Promise<boolean>;
  query(query: CaseQuery): Promise<CasePage>;
  count(): Promise<number>;
  /** Every case in insertion order, in batches, to rebuild live state at start-up. */
  scan(batchSize: number, onBatch: (cases: Case[]) => void): Promise<number>;
  /** The same order as `scan`, as light tuples for the live state. */
  scanLive(batchSize: number, onBatch: (rows: LiveRow[]) => void): Promise<number>;
  /**
   * Read-only statements built with this driver's parameters, answered from one snapshot of the
   * database and off the caller's thread (SQLite: a read thread; PostgreSQL: one REPEATABLE READ
   * transaction): rows as objects, or with `columns` as Columns of numbers. The map's case columns
   * and the replay (server/src/mapData/).
   */
  readSnapshot(statements: readonly SnapshotStatement[]): Promise<SnapshotResult[]>;
  close(): Promise<void>;
}

/** One statement of readSnapshot: its SQL, built with the driver's parameters; `columns`: answer numbers as Columns. */
export interface SnapshotStatement {
  sql: (p: import('./caseQuerySql.js').SqlParams) => string;
  columns?: boolean;
}
/** A statement's answer: row objects, or Columns of numbers. */
export type SnapshotResult = Record<string, unknown>[] | import('./columns.js').Columns;
