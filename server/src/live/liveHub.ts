import type { Server, Socket } from 'socket.io';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import {
  HEARTBEAT_MS,
  MAX_ALERTS,
  MAX_NEW_CASES_PER_DELTA,
  PROTOCOL_VERSION,
  SNAPSHOT_LATEST,
  SubscribeRequest,
  TICK_MS,
  type AreaDelta,
  type AreaSnapshot,
  type ClientToServerEvents,
  type InterServerEvents,
  type ServerToClientEvents,
  type SocketData,
  type SubscribeReply,
} from '../../../shared/src/live/events.js';
import type { CaseStore } from '../store/caseStore.js';
import type { Clock } from '../cases/caseIngest.js';
import { summarize, type LiveState } from './liveState.js';
import type { LiveKpis } from '../kpi/liveKpis.js';
import { withinScope } from '../../../shared/src/access/principal.js';
import { outsideAreaMessage } from '../auth/scope.js';
import type { StaffMetrics } from '../../../shared/src/staff/staffMetrics.js';

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

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

const ROOM = 'area:';

/**
 * Streams live area state: a subscriber gets a snapshot, then at most one delta per tick (250 ms)
 * with a sequence number. Deltas go out as volatile broadcasts: a client whose connection is
 * still busy misses them instead of queueing them on the server, sees the gap in `seq`, and asks
 * for a fresh snapshot. So a slow client never makes the server's memory grow.
 */
export class LiveHub {
  private readonly seq = new Map<string, number>();
  /** The LiveKpis version last streamed: a newer one goes out with the next delta of every area. */
  private kpiVersion = 0;
  private stopTicker: (() => void) | null = null;
  private stopHeartbeat: (() => void) | null = null;
  /** Hears every subscription refused as outside the account's area (the audit log). */
  onRefused: ((socket: LiveSocket, area: string, message: string) => void) | null = null;
  /** Set by the wall tests and benchmarks: called after every tick. */
  onTick: ((sent: number) => void) | null = null;

  constructor(
    private readonly io: LiveServer,
    private readonly deps: { model: CityModel; state: LiveState; store: CaseStore; clock: Clock; scheduler: Scheduler; kpis?: LiveKpis; staff?: { metrics(code: string, ms: number): StaffMetrics | undefined } },
  ) {
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

  /** Each client hears the seq of every area it follows (volatile: a busy client skips one). */
  heartbeat(): void {
    const at = this.deps.clock.now();
    for (const socket of this.io.of('/').sockets.values()) {
      if (socket.data.areas.length === 0) continue;
      const seqs: Record<string, number> = {};
      for (const area of socket.data.areas) seqs[area] = this.seq.get(area) ?? 0;
      socket.volatile.emit('live:heartbeat', { v: PROTOCOL_VERSION, at, seqs });
    }
  }

  private check(raw: unknown, scope: string): { ok: true; area: string } | Extract<SubscribeReply, { ok: false }> {
    const parsed = SubscribeRequest.safeParse(raw);
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
    return { ok: true, area };
  }

  private connect(socket: LiveSocket): void {
    socket.data.areas = [];
    socket.on('area:subscribe', (request, reply) => {
      const answer = typeof reply === 'function' ? reply : () => {};
      const checked = this.check(request, socket.data.scope);
      if (!checked.ok) {
        if (checked.code === 'forbidden') this.onRefused?.(socket, typeof request === 'object' && request && 'area' in request ? String(request.area) : '', checked.message);
        return answer(checked);
      }
      void socket.join(ROOM + checked.area);
      if (!socket.data.areas.includes(checked.area)) socket.data.areas.push(checked.area);
      answer({ ok: true, area: checked.area });
      void this.sendSnapshot(socket, checked.area);
    });
    socket.on('area:resync', (request, reply) => {
      const answer = typeof reply === 'function' ? reply : () => {};
      const checked = this.check(request, socket.data.scope);
      if (!checked.ok) {
        if (checked.code === 'forbidden') this.onRefused?.(socket, typeof request === 'object' && request && 'area' in request ? String(request.area) : '', checked.message);
        return answer(checked);
      }
      if (!socket.rooms.has(ROOM + checked.area)) return answer({ ok: false, code: 'bad_request', message: `not subscribed to ${checked.area}` });
      answer({ ok: true, area: checked.area });
      void this.sendSnapshot(socket, checked.area);
    });
    socket.on('area:unsubscribe', (request, reply) => {
      const answer = typeof reply === 'function' ? reply : () => {};
      const checked = this.check(request, socket.data.scope);
      if (!checked.ok) {
        if (checked.code === 'forbidden') this.onRefused?.(socket, typeof request === 'object' && request && 'area' in request ? String(request.area) : '', checked.message);
        return answer(checked);
      }
      void socket.leave(ROOM + checked.area);
      socket.data.areas = socket.data.areas.filter((a) => a !== checked.area);
      answer({ ok: true, area: checked.area });
    });
  }

  private async sendSnapshot(socket: LiveSocket, area: string): Promise<void> {
    const level = this.deps.model.node(area)!.level;
    // Subscriptions are checked to be city-to-grid codes, so a building never reaches here.
    if (level === 'building') return;
    const page = await this.deps.store.query({ limit: SNAPSHOT_LATEST, ...(level === 'city' ? {} : { area: { level, code: area } }) });
    if (!socket.connected) return;
    // Taken after the await, in one synchronous step: the next delta is exactly seq + 1.
    const snapshot: AreaSnapshot = {
      v: PROTOCOL_VERSION,
      area,
      seq: this.seq.get(area) ?? 0,
      at: this.deps.clock.now(),
      aggregate: this.deps.state.aggregate(area),
      cells: this.deps.state.cells(area),
      latest: page.items.map(summarize),
      alerts: this.deps.state.recentAlerts(level === 'city' ? area.slice(0, 4) : area),
      kpis: this.deps.kpis?.report(area) ?? null,
      staff: this.deps.staff?.metrics(area, this.deps.clock.now()) ?? null,
      ranking: this.deps.kpis?.ranking(area) ?? null,
      trend: this.deps.kpis?.trendOf(area) ?? null,
    };
    socket.emit('area:snapshot', snapshot);
  }

  /** One tick: advance clocks, then one delta per subscribed area that changed. */
  tick(): void {
    const now = this.deps.clock.now();
    this.deps.state.advance(now);
    const drained = this.deps.state.drain();
    const kpiVersion = this.deps.kpis?.version ?? 0;
    const kpisMoved = kpiVersion !== this.kpiVersion;
    this.kpiVersion = kpiVersion;
    let sent = 0;
    for (const [room, members] of this.io.of('/').adapter.rooms) {
      if (!room.startsWith(ROOM) || members.size === 0) continue;
      const area = room.slice(ROOM.length);
      const node = this.deps.state.nodeOf(area);
      if (node === undefined || (!drained.touched.has(node) && !kpisMoved)) continue;
      const prefix = area === this.deps.model.cityCode ? area.slice(0, 4) : area;
      const fresh = drained.newCases.filter((c) => c.grid.startsWith(prefix));
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
        changedCases: drained.changedCases.filter((c) => c.grid.startsWith(prefix)).slice(-MAX_NEW_CASES_PER_DELTA),
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
      this.io.to(room).volatile.emit('area:delta', delta);
      sent++;
    }
    this.onTick?.(sent);
  }
}
