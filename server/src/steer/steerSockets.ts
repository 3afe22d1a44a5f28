import { can, type Principal } from '../../../shared/src/access/principal.js';
import { STEER_VERSION, } from '../../../shared/src/steer/steerCommands.js';
import { WallReport, WatchRequest, type WatchReply } from '../../../shared/src/steer/wallStatus.js';
import type { Clock } from '../cases/caseIngest.js';
import { TokenBucket } from '../limits/tokenBucket.js';
import type { LiveServer, LiveSocket, Scheduler } from '../live/liveHub.js';
import { deviceRoom, STEER_CHECK_MS, watchRoom, type SteerService, type SteerTransport } from './steerService.js';

/** Reports a wall may send: a burst, then this many a second (it sends one per change: a tour step, a takeover). */
const REPORT_BURST = 8;
const REPORTS_PER_SECOND = 4;

/** Steering over Socket.IO rooms: a wall's sockets share `device:<id>`, tablets `walls:<their area>`. */
export function socketTransport(io: LiveServer): SteerTransport {
  return {
    toWall: (device, message) => void io.to(deviceRoom(device)).emit('wall:steer', message),
    toWatchers: (rooms, status) => void io.to(rooms).emit('walls:status', status),
    async online(devices) {
      const sockets = await io.in(devices.map(deviceRoom)).fetchSockets();
      const on = new Set<string>();
      for (const s of sockets) for (const room of s.rooms) if (room.startsWith('device:')) on.add(room.slice('device:'.length));
      return on;
    },
  };
}

/**
 * Wires steering to the live server's sockets: a wall's socket joins its device room, gets the
 * state it should show at once (and again after every reconnect) and sends its reports; a
 * tablet's socket watches the walls of its area. Every STEER_CHECK_MS, locks whose holder went
 * quiet are released, and watching sockets are checked against their account as it is now (a
 * narrowed area moves them to its room, a lost right ends the watch).
 */
export function steerSockets(
  io: LiveServer,
  service: SteerService,
  deps: { principalOf(socket: LiveSocket): Principal | null; clock: Clock; scheduler: Scheduler; onError?: (err: unknown) => void },
): () => void {
  const onError = (err: unknown) => deps.onError?.(err);
  /** This node's watching sockets and the area room each is in. */
  const watching = new Map<LiveSocket, string>();
  service.attach(socketTransport(io));

  io.on('connection', (socket) => {
    const principal = deps.principalOf(socket);
    if (!principal) return;
    if (principal.kind === 'display') {
      const device = principal.accountId;
      const bucket = new TokenBucket(REPORT_BURST, REPORTS_PER_SECOND, deps.clock.now);
      void socket.join(deviceRoom(device));
      service.connected(device).then((message) => socket.connected && socket.emit('wall:steer', message), onError);
      socket.on('wall:report', (raw) => {
        if (bucket.take() > 0) return; // over its rate: dropped, the next change reports again
        const report = WallReport.safeParse(raw);
        if (report.success) service.reported(device, report.data).catch(onError);
      });
      socket.on('disconnect', () => service.disconnected(device));
      return;
    }
    socket.on('walls:watch', (raw, reply) => {
      const answer = (r: WatchReply) => typeof reply === 'function' && reply(r);
      const request = WatchRequest.safeParse(raw);
      if (!request.success) return answer({ ok: false, code: (raw as { v?: unknown } | null)?.v !== STEER_VERSION ? 'version' : 'bad_request', message: request.error.issues[0]!.message });
      const p = deps.principalOf(socket);
      if (!p || !can(p, 'steer')) return answer({ ok: false, code: 'forbidden', message: `${p ? `a ${p.role}` : 'this'} account may not steer walls` });
      const before = watching.get(socket);
      if (before) void socket.leave(before);
      const room = watchRoom(p.scope);
      void socket.join(room);
      watching.set(socket, room);
      service.walls(p).then((walls) => answer({ ok: true, walls }), (err: unknown) => {
        onError(err);
        answer({ ok: false, code: 'bad_request', message: 'the walls could not be read: watch again' });
      });
    });
    socket.on('walls:unwatch', (_raw, reply) => {
      const room = watching.get(socket);
      if (room) void socket.leave(room);
      watching.delete(socket);
      if (typeof reply === 'function') reply({ ok: true, walls: [] });
    });
    socket.on('disconnect', () => watching.delete(socket));
  });

  const recheck = () => {
    for (const [socket, room] of watching) {
      const p = deps.principalOf(socket);
      const now = p && can(p, 'steer') ? watchRoom(p.scope) : null;
      if (now === room) continue;
      void socket.leave(room);
      if (now) {
        void socket.join(now);
        watching.set(socket, now);
      } else watching.delete(socket);
    }
  };
  return deps.scheduler.every(STEER_CHECK_MS, () => {
    recheck();
    service.expire().catch(onError);
  });
}
