import type { Socket as NetSocket } from 'node:net';
import type { LiveSocket } from './liveHub.js';

/**
 * Bytes of one connection's input parsed in one turn of the event loop. The WebSocket parser (ws)
 * parses a whole read (64 KiB, ~1,100 small messages) in one go and socket.io then runs every
 * message's handler before the loop moves on: a flood held the loop for 50–100 ms a read on a
 * loaded 2-core machine. 8 KiB is ~140 such messages; a larger message is parsed over a few turns.
 */
export const READ_SLICE_BYTES = 8 * 1024;

/**
 * The TCP socket under a connection that was a WebSocket from its start (not upgraded from long
 * polling, whose request's socket is an HTTP one), else null.
 */
export function webSocketOf(socket: LiveSocket): NetSocket | null {
  return socket.conn.transport.name === 'websocket' && !socket.conn.upgraded ? socket.request.socket : null;
}

type Feed = (this: NetSocket, chunk: Buffer) => void;

/**
 * Feeds a WebSocket connection's input to its parser READ_SLICE_BYTES a turn: a larger read is
 * kept, the socket paused, and the rest fed in later turns (other connections, HTTP requests and
 * timers run in between), then the socket is read again. At most one read (64 KiB) waits per
 * connection. Whoever takes the socket's 'data' listeners away (a connection closed for flooding)
 * ends the slicing: what waits is then dropped unparsed.
 */
export function sliceReads(raw: NetSocket): void {
  const feeds = raw.listeners('data') as Feed[];
  if (feeds.length === 0) return;
  for (const feed of feeds) raw.off('data', feed);
  let waiting: Buffer | null = null;
  const give = (chunk: Buffer) => {
    for (const feed of feeds) feed.call(raw, chunk);
  };
  const more = () => {
    if (!waiting) return;
    if (!raw.listeners('data').includes(onData)) {
      waiting = null;
      return;
    }
    const chunk = waiting;
    waiting = chunk.length > READ_SLICE_BYTES ? chunk.subarray(READ_SLICE_BYTES) : null;
    give(waiting ? chunk.subarray(0, READ_SLICE_BYTES) : chunk);
    if (waiting) setImmediate(more);
    else raw.resume();
  };
  const onData = (chunk: Buffer) => {
    // (Paused meanwhile; should a read still arrive, it waits behind the rest.)
    if (waiting) return void (waiting = Buffer.concat([waiting, chunk]));
    if (chunk.length <= READ_SLICE_BYTES) return give(chunk);
    raw.pause();
    waiting = chunk.subarray(READ_SLICE_BYTES);
    give(chunk.subarray(0, READ_SLICE_BYTES));
    setImmediate(more);
  };
  raw.on('data', onData);
}

/**
 * Hands each batch of packets engine.io flushes to the network in one write: engine.io writes every
 * packet as a WebSocket frame of its own, and a flood's 512 answers were 512 writes to the socket
 * (a syscall each) in one turn of the event loop; corked from its 'flush' to its 'drain' (both
 * emitted around the transport's send, in the same call), they go out together.
 */
export function batchWrites(socket: LiveSocket, raw: NetSocket): void {
  socket.conn.on('flush', () => raw.cork());
  socket.conn.on('drain', () => {
    if (raw.writableCorked > 0) raw.uncork();
  });
}
