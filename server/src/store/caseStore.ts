import type { Case, CaseStatus, Channel, Urgency } from '../../../shared/src/cases/caseModel.js';

/** Filters of GET /api/cases, already validated. Times are epoch milliseconds. */
export interface CaseQuery {
  /** Area code at any level; the city's code (or none) means the whole city. */
  area?: { level: 'city' | 'district' | 'street' | 'community' | 'grid'; code: string };
  status?: CaseStatus[];
  category?: string[];
  urgency?: Urgency[];
  channel?: Channel[];
  /** reportedAt in [from, to) */
  from?: number;
  to?: number;
  /** 1..500 */
  limit: number;
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
 * [id, status, category, urgency, grid, reportedAt ms, deadline ms | null, insertion seq]
 */
export type LiveRow = [string, CaseStatus, string, Urgency, string, number, number | null, number];

export interface InsertResult {
  /** Cases inserted by this call, in input order. */
  inserted: Case[];
  /** Input cases whose (channel, externalId) was already stored: the stored case is returned. */
  existing: Case[];
}

/**
 * Durable storage of cases. Two drivers implement it: embedded SQLite (default) and PostgreSQL
 * (DATABASE_URL). A promise that resolves means the data is on disk (committed and synced).
 */
export interface CaseStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Applies pending versioned migrations. Idempotent. */
  migrate(): Promise<void>;
  /** All cases in one transaction, or none. Resolves after commit. */
  insert(cases: Case[]): Promise<InsertResult>;
  /** Replaces the mutable fields (status, times, deadline) of existing cases, atomically. */
  update(cases: Case[]): Promise<void>;
  get(id: string): Promise<Case | undefined>;
  query(query: CaseQuery): Promise<CasePage>;
  count(): Promise<number>;
  /** Every case in insertion order, in batches, to rebuild live state at start-up. */
  scan(batchSize: number, onBatch: (cases: Case[]) => void): Promise<number>;
  /** The same order as `scan`, as light tuples for the live state. */
  scanLive(batchSize: number, onBatch: (rows: LiveRow[]) => void): Promise<number>;
  close(): Promise<void>;
}
