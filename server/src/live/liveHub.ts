import type { Server, Socket } from 'socket.io';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import {
  HEARTBEAT_MS,
  MAX_ALERTS,
  MAX_AREAS_PER_CONNECTION,
  MAX_NEW_CASES_PER_DELTA,
  PROTOCOL_VERSION,
  REQUEST_BURST,
  REQUESTS_PER_SECOND,
  MapRequest,
  SubscribeRequest,
  TICK_MS,
  type AreaDelta,
  type ClientToServerEvents,
  type Hello,
  type InterServerEvents,
  type LiveClosed,
  type LiveRefusal,
  type RateLimited,
  type ServerToClientEvents,
  type SocketData,
} from '../../../shared/src/live/events.js';
import type { CaseStore } from '../store/caseStore.js';
import type { Clock } from '../cases/caseIngest.js';
import type { LiveState } from './liveState.js';
import { mapSection } from './pendingMap.js';
import type { LiveKpis } from '../kpi/liveKpis.js';
import { can, withinScope, type Principal } from '../../../shared/src/access/principal.js';
import { outsideAreaMessage } from '../auth/scope.js';
import type { StaffMetrics } from '../../../shared/src/staff/staffMetrics.js';
import { SnapshotCache } from './snapshotCache.js';
import { TokenBucket } from '../limits/tokenBucket.js';
import { batchWrites, sliceReads, webSocketOf } from './rawSocket.js';
import { NO_BUILD } from '../static/buildInfo.js';

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface Scheduler {
  /** Calls fn every `ms` until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
}

export const realScheduler: Scheduler = {
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** The Socket.IO room of an area's subscribers is this prefix and the area's code. */
export const AREA_ROOM_PREFIX = 'area:';
const ROOM = AREA_ROOM_PREFIX;
/** The connections of an area that asked for the map section (`map: true`): a subset of its room. */
export const AREA_MAP_ROOM_PREFIX = 'areamap:';
const MAP_ROOM = AREA_MAP_ROOM_PREFIX;
/**
 * Packets waiting to be written to one connection beyond which its requests are dropped unanswered:
 * a client that asks faster than it reads gets nothing more queued (~150 B an answer, so ≤ ~600 kB).
 */
const MAX_BACKLOG = 4096;
/**
 * How long a connection closed for flooding may take to hear its answers and close notice and
 * close its side, before its socket is destroyed anyway.
 */
const FLOODER_LINGER_MS = 10_000;

/** What one connection has asked for and not yet been sent. */
interface Requests {
  bucket: TokenBucket;
  /** rate_limited answers it may still get (the same burst and rate): when they run out too, it is closed. */
  refusals: TokenBucket;
  /** Areas owed a snapshot: one each, however often asked (coalesced). */
  wanted: Set<string>;
  /** A send loop runs, or waits for the connection to drain. */
  pumping: boolean;
}

/** Packets queued in the connection, not yet handed to the transport (engine.io keeps it private). */
const backlog = (socket: LiveSocket): number => (socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;

/**
 * Streams live area state: a subscriber gets a snapshot, then at most one delta per tick (250 ms)
 * with a sequence number. A client whose connection is still busy when a tick begins misses that
 * tick's deltas instead of queueing them on the server, sees the gap in `seq`, and asks for a
 * fresh snapshot. So a slow client never makes the server's memory grow.
 *
 * Snapshots are built once per area and shared until the area changes (SnapshotCache). Each
 * connection's subscribe and resync requests pass a token bucket (over it: `rate_limited`, nothing
 * done), and it is owed at most one snapshot per area, sent only once the connection has handed
 * everything before it to the network: a client that asks faster than it reads costs neither CPU
 * nor memory.
 */
export class LiveHub {
  private readonly seq = new Map<string, number>();
  private readonly snapshots: SnapshotCache;
  private readonly requests = new WeakMap<LiveSocket, Requests>();
  /** The LiveKpis version last streamed: a newer one goes out with the next delta of every area. */
  private kpiVersion = 0;
  private stopTicker: (() => void) | null = null;
  private stopHeartbeat: (() => void) | null = null;
  /** Hears every subscription refused as outside the account's area (the audit log). */
  onRefused: ((socket: LiveSocket, area: string, message: string) => void) | null = null;
  /** Set by the wall tests and benchmarks: called after every tick. */
  onTick: ((sent: number) => void) | null = null;
  /** Deltas written to connections, and deltas a connection missed because it was still writing (since start; /metrics). */
  deltasSent = 0;
  deltasSkipped = 0;

  constructor(
    private readonly io: LiveServer,
    private readonly deps: {
      model: CityModel;
      state: LiveState;
      store: CaseStore;
      clock: Clock;
      scheduler: Scheduler;
      kpis?: LiveKpis;
      staff?: { metrics(code: string, ms: number): StaffMetrics | undefined };
      /** Told to every connection as it opens (`live:hello`): the client build served, the protocol spoken. Omitted: no build. */
      hello?: Hello;
      /** Hears a snapshot that could not be built (its requests are dropped; the client resyncs). */
      onError?: (err: unknown) => void;
    },
  ) {
    this.snapshots = new SnapshotCache(deps, (area) => this.seq.get(area) ?? 0);
    io.on('connection', (socket) => this.connect(socket));
  }

  start(): void {
    this.stopTicker ??= this.deps.scheduler.every(TICK_MS, () => this.tick());
    this.stopHeartbeat ??= this.deps.scheduler.every(HEARTBEAT_MS, () => this.heartbeat());
  }

  stop(): void {
    this.stopTicker?.();
    this.stopHeartbeat?.();
    this.stopTicker = null;
    this.stopHeartbeat = null;
  }

  /**
   * Each client hears the seq of every area it follows. A client whose connection is still busy
   * (anything queued for it) skips one. Not a volatile emit: that is dropped whenever the transport
   * is mid-write, which it is right after a tick wrote this client's deltas in the same turn.
   */
  heartbeat(): void {
    const at = this.deps.clock.now();
    for (const socket of this.io.of('/').sockets.values()) {
      if (socket.data.areas.length === 0 || backlog(socket) > 0) continue;
      const seqs: Record<string, number> = {};
      for (const area of socket.data.areas) seqs[area] = this.seq.get(area) ?? 0;
      socket.emit('live:heartbeat', { v: PROTOCOL_VERSION, at, seqs });
    }
  }

  /**
   * Connections that were still writing (their transport not writable) when this tick began: they
   * miss this tick's deltas and resync on the gap, so nothing queues for a slow client. Decided once
   * per tick, not per emit: a volatile emit is dropped whenever the transport is mid-write, and it
   * is after the first delta of a tick, so a client following several areas got only one of them.
   */
  private busyConnections(): string[] {
    const busy: string[] = [];
    for (const [id, socket] of this.io.of('/').sockets) if (!socket.conn.transport.writable) busy.push(id);
    return busy;
  }

  private check(raw: unknown, scope: string, schema: typeof SubscribeRequest | typeof MapRequest = SubscribeRequest): { ok: true; area: string; map?: boolean | undefined } | LiveRefusal {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const version = issue.path[0] === 'v';
      return { ok: false, code: version ? 'version' : 'bad_request', message: `${issue.path.join('.') || 'request'}: ${issue.message}` };
    }
    const area = parsed.data.area;
    const node = this.deps.model.node(area);
    if (!/^\d{6}(\d{3}){0,3}$/.test(area)) return { ok: false, code: 'bad_request', message: `area "${area.slice(0, 40)}" is not a city, district, street, community or grid code` };
    // Never widened, never answered: an area outside the account's own is refused by name, whether
    // it exists or not (so foreign codes cannot be listed by trying them).
    if (!withinScope(area, scope, this.deps.model.cityCode)) return { ok: false, code: 'forbidden', message: outsideAreaMessage(area, scope) };
    if (!node) return { ok: false, code: 'not_found', message: `area ${area} not found` };
    return { ok: true, area, map: parsed.data.map };
  }

  private connect(socket: LiveSocket): void {
    socket.data.areas = [];
    // First, before anything it asks for: a screen of another build reloads instead (useBuildReload).
    socket.emit('live:hello', this.deps.hello ?? NO_BUILD);
    // Rate limits guard the CPU, which runs on real time whatever the domain clock says.
    const bucket = () => new TokenBucket(REQUEST_BURST, REQUESTS_PER_SECOND, () => performance.now());
    const requests: Requests = { bucket: bucket(), refusals: bucket(), wanted: new Set(), pumping: false };
    this.requests.set(socket, requests);
    const raw = webSocketOf(socket);
    if (raw) {
      sliceReads(raw);
      batchWrites(socket, raw);
    }
    socket.on('area:subscribe', (request, reply) => {
      const answer = typeof reply === 'function' ? reply : () => {};
      if (backlog(socket) > MAX_BACKLOG) return;
      const limited = this.overRate(socket, requests);
      if (limited) return answer(limited);
      const checked = socket.data.canRead ? this.check(request, socket.data.scope) : ({ ok: false, code: 'forbidden', message: 'this account may not read cases or live areas' } as const);
      if (!checked.ok) {
        if (checked.code === 'forbidden') this.onRefused?.(socket, typeof request === 'object' && request && 'area' in request ? String(request.area) : '', checked.message);
        return answer(checked);
      }
      if (!socket.data.areas.includes(checked.area) && socket.data.areas.length >= MAX_AREAS_PER_CONNECTION) {
        return answer({ ok: false, code: 'bad_request', message: `a connection follows at most ${MAX_AREAS_PER_CONNECTION} areas: unsubscribe one first` });
      }
      void socket.join(ROOM + checked.area);
      if (!socket.data.areas.includes(checked.area)) socket.data.areas.push(checked.area);
      if (checked.map !== undefined) this.mapSection(socket, checked.area, checked.map);
      answer({ ok: true, area: checked.area });
      this.owe(socket, requests, checked.area);
    });
    socket.on('area:resync', (request, reply) => {
      const answer = typeof reply === 'function' ? reply : () => {};
      if (backlog(socket) > MAX_BACKLOG) return;
      const limited = this.overRate(socket, requests);
      if (limited) return answer(limited);
      const checked = this.check(request, socket.data.scope);
      if (!checked.ok) {
        if (checked.code === 'forbidden') this.onRefused?.(socket, typeof request === 'object' && request && 'area' in request ? String(request.area) : '', checked.message);
        return answer(checked);
      }
      if (!socket.rooms.has(ROOM + checked.area)) return answer({ ok: false, code: 'bad_request', message: `not subscribed to ${checked.area}` });
      answer({ ok: true, area: checked.area });
      this.owe(socket, requests, checked.area);
    });
    socket.on('area:map', (request, reply) => {
      const answer = typeof reply === 'function' ? reply : () => {};
      if (backlog(socket) > MAX_BACKLOG) return;
      const limited = this.overRate(socket, requests);
      if (limited) return answer(limited);
      const checked = this.check(request, socket.data.scope, MapRequest);
      if (!checked.ok) {
        if (checked.code === 'forbidden') this.onRefused?.(socket, typeof request === 'object' && request && 'area' in request ? String(request.area) : '', checked.message);
        return answer(checked);
      }
      if (!socket.rooms.has(ROOM + checked.area)) return answer({ ok: false, code: 'bad_request', message: `not subscribed to ${checked.area}: subscribe first` });
      this.mapSection(socket, checked.area, checked.map === true);
      answer({ ok: true, area: checked.area });
    });
    socket.on('area:unsubscribe', (request, reply) => {
      const answer = typeof reply === 'function' ? reply : () => {};
      if (backlog(socket) > MAX_BACKLOG) return;
      const checked = this.check(request, socket.data.scope);
      if (!checked.ok) {
        if (checked.code === 'forbidden') this.onRefused?.(socket, typeof request === 'object' && request && 'area' in request ? String(request.area) : '', checked.message);
        return answer(checked);
      }
      this.leave(socket, checked.area);
      answer({ ok: true, area: checked.area });
    });
  }

  /**
   * Null when the request may go on; else its `rate_limited` answer. A connection that ignores such
   * answers (over REQUEST_BURST of them, beyond REQUESTS_PER_SECOND) is closed, so the rest of
   * what it sent is read and dropped instead of answered one by one.
   */
  private overRate(socket: LiveSocket, requests: Requests): RateLimited | null {
    const wait = requests.bucket.take();
    if (wait === 0) return null;
    if (requests.refusals.take() > 0) this.end(socket, 'rate_limited', `over ${REQUEST_BURST} requests asked over the rate limit: this connection is closed`);
    return { ok: false, code: 'rate_limited', message: `rate limit: over ${REQUESTS_PER_SECOND} subscribe and resync requests a second (burst ${REQUEST_BURST}) on this connection; ask again in ${wait} ms`, retryAfterMs: wait };
  }

  /** Whether the connection's deltas of the area carry the map section. */
  private mapSection(socket: LiveSocket, area: string, on: boolean): void {
    void (on ? socket.join(MAP_ROOM + area) : socket.leave(MAP_ROOM + area));
  }

  private leave(socket: LiveSocket, area: string): void {
    void socket.leave(ROOM + area);
    void socket.leave(MAP_ROOM + area);
    socket.data.areas = socket.data.areas.filter((a) => a !== area);
    this.requests.get(socket)?.wanted.delete(area);
  }

  /** The socket is owed the area's snapshot: one, however often it asks before it is sent. */
  private owe(socket: LiveSocket, requests: Requests, area: string): void {
    requests.wanted.add(area);
    if (!requests.pumping) void this.pump(socket, requests);
  }

  /**
   * Sends what the socket is owed, one snapshot at a time, each only when the connection has
   * handed everything before it to the transport; otherwise waits for its 'drain'. So at most one
   * snapshot waits in the server for a client that does not read.
   */
  private async pump(socket: LiveSocket, requests: Requests): Promise<void> {
    requests.pumping = true;
    let waiting = false;
    try {
      for (const area of requests.wanted) {
        if (!socket.connected) return;
        if (backlog(socket) > 0) {
          waiting = true; // still pumping: the drain carries on
          // After a turn of the event loop: on a fast socket the drain comes back at once, in a
          // chain of nextTicks that would otherwise starve every other connection (and /api/health).
          socket.conn.once('drain', () => setImmediate(() => void this.pump(socket, requests)));
          return;
        }
        try {
          const snapshot = await this.snapshots.get(area);
          // The packet encoded once for everyone who asks (what socket.emit('area:snapshot', …) would write).
          if (requests.wanted.delete(area) && socket.connected && socket.rooms.has(ROOM + area)) socket.conn.write(snapshot.packet);
        } catch (err) {
          requests.wanted.delete(area);
          this.deps.onError?.(err);
        }
      }
    } finally {
      if (!waiting) requests.pumping = false;
    }
  }

  /**
   * Ends a connection, telling the client why first: its credential no longer holds (signed out,
   * revoked, expired, account disabled; it must not reconnect with it), or it ignored rate limits.
   */
  end(socket: LiveSocket, code: LiveClosed['code'], message: string): void {
    if (!socket.connected) return;
    socket.emit('live:closed', { v: PROTOCOL_VERSION, code, message });
    if (code === 'rate_limited') {
      // Stop parsing it: a flood already in the connection's buffers would otherwise be parsed to
      // the end on the main thread (~12 µs a message, 16,000 messages ≈ 0.2 s in one go) after the
      // close. What arrives is read and dropped as bytes instead (a lingering close): a socket
      // closed with unread input sends a TCP reset, and a client that has not read everything
      // written to it by then loses it all, its answers and this notice too (a flooding client on
      // a loaded machine saw only `transport close`). What is written (the answers, this notice,
      // the close) goes out; the client then closes its side, or the socket goes after the linger.
      const raw = socket.request.socket;
      for (const listener of raw.listeners('data')) raw.off('data', listener as (chunk: Buffer) => void);
      raw.on('data', () => {});
      raw.resume();
      const linger = setTimeout(() => raw.destroy(), FLOODER_LINGER_MS).unref();
      raw.once('close', () => clearTimeout(linger));
    }
    socket.disconnect(true);
  }

  /**
   * Applies an account's area and rights as they are now: every area the connection follows that
   * it would be refused today is dropped at once, and the client hears which and why.
   */
  narrow(socket: LiveSocket, principal: Principal): void {
    socket.data.scope = principal.scope;
    socket.data.canRead = can(principal, 'read');
    for (const area of socket.data.areas) {
      const checked = socket.data.canRead
        ? this.check({ v: PROTOCOL_VERSION, area }, principal.scope)
        : ({ ok: false, code: 'forbidden', message: `the account is now ${principal.role}, which may not read cases or live areas` } as const);
      if (checked.ok) continue;
      this.leave(socket, area);
      socket.emit('area:refused', { v: PROTOCOL_VERSION, area, code: checked.code, message: checked.message });
    }
  }

  /** One tick: advance clocks, then one delta per subscribed area that changed. */
  tick(): void {
    const now = this.deps.clock.now();
    this.deps.state.advance(now);
    const drained = this.deps.state.drain();
    const kpiVersion = this.deps.kpis?.version ?? 0;
    const kpisMoved = kpiVersion !== this.kpiVersion;
    this.kpiVersion = kpiVersion;
    // A snapshot holds until its area's next delta; one nobody follows any more is let go.
    const rooms = this.io.of('/').adapter.rooms;
    this.snapshots.drop((area) => kpisMoved || drained.touched.has(this.deps.state.nodeOf(area)!) || !rooms.get(ROOM + area)?.size);
    let sent = 0;
    const busy = this.busyConnections();
    for (const [room, members] of rooms) {
      if (!room.startsWith(ROOM) || members.size === 0) continue;
      const area = room.slice(ROOM.length);
      const node = this.deps.state.nodeOf(area);
      if (node === undefined || (!drained.touched.has(node) && !kpisMoved)) continue;
      const prefix = area === this.deps.model.cityCode ? area.slice(0, 4) : area;
      const fresh = drained.newCases.filter((c) => c.grid.startsWith(prefix));
      const changed = drained.changedCases.filter((c) => c.grid.startsWith(prefix));
      const seq = (this.seq.get(area) ?? 0) + 1;
      this.seq.set(area, seq);
      const delta: AreaDelta = {
        v: PROTOCOL_VERSION,
        area,
        seq,
        at: now,
        aggregate: this.deps.state.aggregate(area),
        cells: this.deps.state.cells(area, drained.touched),
        newCases: fresh.slice(-MAX_NEW_CASES_PER_DELTA),
        newCasesOmitted: Math.max(0, fresh.length - MAX_NEW_CASES_PER_DELTA) + (area === this.deps.model.cityCode ? drained.newOmitted : 0),
        changedCases: changed.slice(-MAX_NEW_CASES_PER_DELTA),
        changedCasesOmitted: Math.max(0, changed.length - MAX_NEW_CASES_PER_DELTA) + (area === this.deps.model.cityCode ? drained.changedOmitted : 0),
        alerts: drained.alerts.filter((a) => a.grid.startsWith(prefix)).slice(-MAX_ALERTS),
      };
      if (kpisMoved) {
        const kpis = this.deps.kpis?.report(area);
        if (kpis) delta.kpis = kpis;
        const staff = this.deps.staff?.metrics(area, now);
        if (staff) delta.staff = staff;
        const ranking = this.deps.kpis?.ranking(area);
        if (ranking) delta.ranking = ranking;
        const trend = this.deps.kpis?.trendOf(area);
        if (trend) delta.trend = trend;
      }
      // At most one delta per area per tick for each connection that was free when the tick began
      // (so bounded by the areas it follows); computed on this node for its own subscribers. Those
      // that asked for the map section get the same delta with it, built once for the area.
      const mapRoom = MAP_ROOM + area;
      if (rooms.get(mapRoom)?.size) {
        this.io.local.to(room).except([...busy, mapRoom]).emit('area:delta', delta);
        this.io.local.to(mapRoom).except(busy).emit('area:delta', { ...delta, map: mapSection(drained.map, node) });
      } else this.io.local.to(room).except(busy).emit('area:delta', delta);
      sent++;
      const skipped = busy.reduce((n, id) => n + (members.has(id) ? 1 : 0), 0);
      this.deltasSent += members.size - skipped;
      this.deltasSkipped += skipped;
    }
    this.onTick?.(sent);
  }
}
