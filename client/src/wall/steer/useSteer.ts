import { useEffect, useState } from 'react';
import type { LiveSocket } from '../../../../shared/src/live/socketFeed.js';
import type { WallReport, WallSteer } from '../../../../shared/src/steer/wallStatus.js';

export interface SteerReceived {
  /** The latest state the server sent (null before the first, and after the connection dropped). */
  message: WallSteer | null;
  /** Local time it arrived (ms). */
  receivedAt: number;
}

/**
 * The wall's steering over its live connection: the server sends the whole steered state on
 * connect and on every change (wall:steer). Within one connection an older seq than the one shown
 * is ignored; a new connection starts afresh (the server may have restarted). While disconnected
 * the wall keeps what it shows; the server sends it again on reconnect.
 */
export function useSteer(socket: LiveSocket | null): SteerReceived {
  const [received, setReceived] = useState<SteerReceived>({ message: null, receivedAt: 0 });
  useEffect(() => {
    if (!socket) return;
    let lastSeq = -1;
    const onConnect = () => {
      lastSeq = -1;
    };
    const onSteer = (message: WallSteer) => {
      if (message.seq < lastSeq) return;
      lastSeq = message.seq;
      setReceived({ message, receivedAt: Date.now() });
    };
    socket.on('connect', onConnect);
    socket.on('wall:steer', onSteer);
    return () => {
      socket.off('connect', onConnect);
      socket.off('wall:steer', onSteer);
    };
  }, [socket]);
  return received;
}

/** Sends the wall's report when what it shows changes, and again after each reconnect. */
export function useWallReport(socket: LiveSocket | null, report: WallReport | null): void {
  const key = report ? JSON.stringify(report) : null;
  useEffect(() => {
    if (!socket || !key) return;
    const send = () => socket.emit('wall:report', JSON.parse(key) as WallReport);
    if (socket.connected) send();
    socket.on('connect', send);
    return () => void socket.off('connect', send);
  }, [socket, key]);
}
