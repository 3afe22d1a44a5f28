import { io as connect, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type AreaDelta, type AreaRefused, type AreaSnapshot, type ClientToServerEvents, type LiveClosed, type ServerToClientEvents, type SubscribeReply } from '../../../shared/src/live/events.js';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real Socket.IO client of the live stream that records everything it hears. */
export interface RecordingClient {
  socket: LiveSocket;
  snapshots: AreaSnapshot[];
  deltas: AreaDelta[];
  refused: AreaRefused[];
  closed: LiveClosed[];
  /** connect_error messages (a refused handshake) */
  errors: string[];
  subscribe(area: string): Promise<SubscribeReply>;
  resync(area: string): Promise<SubscribeReply>;
}

/** Connects with `auth: { token }` over websocket, without reconnecting by itself. */
export function recordingClient(url: string, token: string): RecordingClient {
  const socket: LiveSocket = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const c: RecordingClient = {
    socket,
    snapshots: [],
    deltas: [],
    refused: [],
    closed: [],
    errors: [],
    subscribe: (area) => new Promise((resolve) => socket.emit('area:subscribe', { v: PROTOCOL_VERSION, area }, resolve)),
    resync: (area) => new Promise((resolve) => socket.emit('area:resync', { v: PROTOCOL_VERSION, area }, resolve)),
  };
  socket.on('area:snapshot', (s) => c.snapshots.push(s));
  socket.on('area:delta', (d) => c.deltas.push(d));
  socket.on('area:refused', (r) => c.refused.push(r));
  socket.on('live:closed', (x) => c.closed.push(x));
  socket.on('connect_error', (e) => c.errors.push(e.message));
  return c;
}

/** Connects with `auth` (`{ token }`, or `{}` for none), asks for one area and disconnects: the reply, or why the handshake was refused. */
export async function subscribeOnce(url: string, auth: Record<string, string>, area: string): Promise<SubscribeReply | { connectError: string }> {
  const socket: LiveSocket = connect(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    return await new Promise((resolve) => {
      socket.once('connect_error', (err) => resolve({ connectError: err.message }));
      socket.once('connect', () => socket.emit('area:subscribe', { v: PROTOCOL_VERSION, area }, resolve));
    });
  } finally {
    socket.close();
  }
}
