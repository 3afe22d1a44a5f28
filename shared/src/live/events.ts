import { z } from 'zod';
import type { KpiReport } from '../kpi/kpiReport.js';
import type { TrendSeries } from '../kpi/trend.js';
import type { StaffMetrics } from '../staff/staffMetrics.js';
import type { CaseStatus, Channel, Urgency } from '../cases/caseModel.js';
import type { SteerClientToServerEvents, SteerServerToClientEvents } from '../steer/steerEvents.js';
import type { MapDelta } from './mapDelta.js';

/**
 * Bumped when a message shape changes incompatibly; the server refuses other versions by name, and
 * a screen told another version (`live:hello`) reloads itself (client/src/live/buildReload.ts).
 * 2: the map section of a delta names its cases by `seqs` (was `ids`), since case columns v3.
 */
export const PROTOCOL_VERSION = 2;

/** Server → client cadence: deltas leave at most this often, whatever the ingest rate. */
export const TICK_MS = 250;
/** New cases carried by one delta at most; the rest are counted in `newCasesOmitted`. */
export const MAX_NEW_CASES_PER_DELTA = 50;
/** Every subscriber hears the current seq of its areas this often, even when nothing changes. */
export const HEARTBEAT_MS = 5000;
/** Latest cases in a snapshot. */
export const SNAPSHOT_LATEST = 50;

/** Live counts for one area node. */
export interface AreaCounts {
  total: number;
  open: number;
  overdue: number;
  newLastHour: number;
  byStatus: Partial<Record<CaseStatus, number>>;
  byCategory: Record<string, number>;
  byUrgency: Partial<Record<Urgency, number>>;
}

/** Per-child figures, for rankings and the choropleth: [open, overdue, newLastHour, total]. */
export type ChildFigures = [number, number, number, number];

export interface AreaAggregate extends AreaCounts {
  area: string;
  children: Record<string, ChildFigures>;
}

/** What a screen needs of one case (no personal data). */
export interface CaseSummary {
  id: string;
  /** The store's seq, the key of the case's map point; absent where the server did not have it. */
  seq?: number;
  channel: Channel;
  category: string;
  subcategory: string;
  urgency: Urgency;
  status: CaseStatus;
  lon: number;
  lat: number;
  grid: string;
  reportedAt: string;
  description: string;
  /** 督办: present once a commander urged the case (how often, the latest time). */
  supervised?: { count: number; lastAt: string };
}

/** A case that crossed its closure deadline (超期), streamed once when it happens. */
export interface Alert {
  kind: 'overdue';
  id: string;
  grid: string;
  category: string;
  urgency: Urgency;
  /** epoch ms of the deadline crossed */
  deadline: number;
}

/**
 * A child area's place in today's composite ranking (综合评价); score out of 100. Score and rank
 * are null for a unit with too few cases received today to judge (the assessment's minSample).
 */
export interface RankedUnit {
  code: string;
  score: number | null;
  rank: number | null;
  /** Cases received today: the sample the score rests on. */
  received: number;
}

/** Alerts kept for snapshots (the latest, whole city) and sent per delta at most. */
export const MAX_ALERTS = 50;

export interface AreaSnapshot {
  v: typeof PROTOCOL_VERSION;
  area: string;
  seq: number;
  /** Server time of the snapshot, epoch ms. */
  at: number;
  aggregate: AreaAggregate;
  /** Grid cells under the area with any case: [open, overdue, newLastHour, total]. */
  cells: Record<string, ChildFigures>;
  latest: CaseSummary[];
  /** The latest alerts in the area, newest last (at most MAX_ALERTS). */
  alerts: Alert[];
  /** Today's KPIs so far (refreshed every few seconds); null until the server computed them once. */
  kpis: KpiReport | null;
  /** Staffing now: on duty, grids without a worker, open cases per worker, workload hot spots. */
  staff: StaffMetrics | null;
  /** The children ranked by today's composite score, best first (what GET /api/assessment ranks). */
  ranking: RankedUnit[] | null;
  /** Received and closed per clock hour over the last 24 hours. */
  trend: TrendSeries | null;
}

export interface AreaDelta {
  v: typeof PROTOCOL_VERSION;
  area: string;
  /** Exactly previous seq + 1; a client that sees a gap asks for a snapshot (area:resync). */
  seq: number;
  at: number;
  /** The area's aggregate as it is now (bounded size: replaces the previous one). */
  aggregate: AreaAggregate;
  /** Grid cells whose figures changed in this tick. */
  cells: Record<string, ChildFigures>;
  newCases: CaseSummary[];
  newCasesOmitted: number;
  /** Cases whose status changed in this tick (bounded like newCases). */
  changedCases: CaseSummary[];
  /** Changes of the tick left out of `changedCases` by its bound (a screen that keeps every case then loads the area again); absent: 0. */
  changedCasesOmitted?: number;
  /** Cases of the area that crossed their deadline in this tick (at most MAX_ALERTS). */
  alerts: Alert[];
  /** Today's KPIs, present when they were recomputed since the previous delta. */
  kpis?: KpiReport;
  /** Staffing now, sent with the KPIs. */
  staff?: StaffMetrics;
  /** The composite ranking, sent with the KPIs. */
  ranking?: RankedUnit[];
  /** The 24-hour trend, sent with the KPIs. */
  trend?: TrendSeries;
  /**
   * Every open case added to the area and every state change of the tick, as compact columns
   * (bounded, the rest counted in `map.omitted`): only for a subscription made with `map: true`.
   */
  map?: MapDelta;
}

/**
 * Sent every HEARTBEAT_MS to each client: the latest seq of each area it follows. A client behind
 * on an area that has gone quiet learns it missed a delta; a client that hears nothing at all
 * knows its connection is stale.
 */
export interface Heartbeat {
  v: typeof PROTOCOL_VERSION;
  at: number;
  seqs: Record<string, number>;
}

/**
 * `live:hello`, sent once to every connection as the server lets it in: the client build it serves
 * (client/dist/build.json; null when it serves none, e.g. in development) and the protocol it
 * speaks. A screen of another build or protocol reloads itself (client/src/live/useBuildReload.ts).
 *
 * Its own event rather than a field of the heartbeat: it arrives at once on every (re)connect, and
 * a deploy is a server restart, so a screen learns it within its reconnect instead of a heartbeat
 * later; it reaches every connection, also one that follows no area or is busy (the heartbeat
 * skips both); it costs nothing every 5 s per screen. And it has no `v`: every client, older or
 * newer, must be able to read it to find out that it is out of date, so this shape never changes.
 */
export interface Hello {
  build: string | null;
  protocol: number;
}

/** `unauthorized`: the connection itself was refused (no session, or it expired or was revoked). */
export type LiveErrorCode = 'bad_request' | 'not_found' | 'forbidden' | 'version' | 'unauthorized';

/**
 * Snapshot requests (area:subscribe, area:resync) one connection may make: a burst of
 * REQUEST_BURST (every area it may follow at once), then REQUESTS_PER_SECOND. Over it the answer
 * is `rate_limited` and nothing is computed.
 */
export const REQUEST_BURST = 256;
export const REQUESTS_PER_SECOND = 16;
/** Areas one connection follows at most. */
export const MAX_AREAS_PER_CONNECTION = REQUEST_BURST;

/** Over the connection's request rate: nothing was done; ask again after `retryAfterMs`. */
export interface RateLimited {
  ok: false;
  code: 'rate_limited';
  message: string;
  retryAfterMs: number;
}

export interface LiveRefusal {
  ok: false;
  code: LiveErrorCode;
  message: string;
}

export type SubscribeReply = { ok: true; area: string } | LiveRefusal | RateLimited;

/**
 * The server stopped serving an area on this connection (the account's area or role changed, so
 * the area is no longer its own): no more deltas or snapshots of it come.
 */
export interface AreaRefused {
  v: typeof PROTOCOL_VERSION;
  area: string;
  code: LiveErrorCode;
  message: string;
}

/**
 * Sent just before the server closes the connection: `unauthorized` when its credential no longer
 * holds (signed out, session revoked or expired, account disabled; the client must not reconnect
 * with it), `rate_limited` when it went on asking through more than REQUEST_BURST rate_limited
 * answers (beyond REQUESTS_PER_SECOND).
 */
export interface LiveClosed {
  v: typeof PROTOCOL_VERSION;
  code: 'unauthorized' | 'rate_limited';
  message: string;
}

/** A request's `v`: a wrong one is refused as `version`, its message saying which was sent and which is spoken. */
const protocolVersion = () =>
  z.literal(PROTOCOL_VERSION, {
    error: (issue) =>
      issue.input === undefined ? `protocol version is required (${PROTOCOL_VERSION})` : `protocol version must be ${PROTOCOL_VERSION}, not ${JSON.stringify(issue.input)?.slice(0, 20)}: reload the page`,
  });

export const SubscribeRequest = z
  .object({
    v: protocolVersion(),
    area: z.string({ error: 'area is required' }),
    /**
     * area:subscribe: true adds the map section (`AreaDelta.map`) to this connection's deltas of
     * the area, false stops it, absent leaves it as it is (none for a new subscription).
     * area:unsubscribe and area:resync ignore it.
     */
    map: z.boolean({ error: 'map must be true or false' }).optional(),
  })
  .strict();
export type SubscribeRequest = z.infer<typeof SubscribeRequest>;

/**
 * area:map: turns the map section of an area this connection already follows on or off, without
 * a new snapshot (a screen's map asks for it beside the feed that follows the area).
 */
export const MapRequest = z
  .object({
    v: protocolVersion(),
    area: z.string({ error: 'area is required' }),
    map: z.boolean({ error: 'map must be true or false' }),
  })
  .strict();
export type MapRequest = z.infer<typeof MapRequest>;

/** The live stream's events, and wall steering's (shared/src/steer/steerEvents.ts) on the same connection. */
export interface ServerToClientEvents extends SteerServerToClientEvents {
  'area:snapshot': (snapshot: AreaSnapshot) => void;
  'area:delta': (delta: AreaDelta) => void;
  'live:hello': (hello: Hello) => void;
  'live:heartbeat': (heartbeat: Heartbeat) => void;
  'area:refused': (refused: AreaRefused) => void;
  'live:closed': (closed: LiveClosed) => void;
}

export interface ClientToServerEvents extends SteerClientToServerEvents {
  'area:subscribe': (request: SubscribeRequest, reply: (r: SubscribeReply) => void) => void;
  'area:unsubscribe': (request: SubscribeRequest, reply: (r: SubscribeReply) => void) => void;
  /** Asks for a fresh snapshot after a missed sequence number. */
  'area:resync': (request: SubscribeRequest, reply: (r: SubscribeReply) => void) => void;
  /** The map section on or off for an area followed (`bad_request` if it is not). */
  'area:map': (request: MapRequest, reply: (r: SubscribeReply) => void) => void;
}

/**
 * Between server processes (Socket.IO's serverSideEmit over the Redis adapter): an account or a
 * session changed, so every node checks its own open sockets of it again (ends or narrows them).
 */
export interface InterServerEvents {
  'auth:changed': (change: { kind: 'account'; accountId: string } | { kind: 'session'; sessionId: string }) => void;
}

export interface SocketData {
  areas: string[];
  /** The connection's account area: subscriptions outside it are refused. */
  scope: string;
  /** Whether the account may read cases (an auditor may not): without it every subscription is refused. */
  canRead: boolean;
}
