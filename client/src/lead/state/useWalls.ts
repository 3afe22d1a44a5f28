import { useEffect, useState } from 'react';
import type { LiveSocket } from '../../../../shared/src/live/socketFeed.js';
import { STEER_VERSION } from '../../../../shared/src/steer/steerCommands.js';
import type { WallStatus } from '../../../../shared/src/steer/wallStatus.js';

export type WallsState = { status: 'loading' } | { status: 'refused'; message: string } | { status: 'ready'; walls: WallStatus[] };

/** Merges one wall's new status into the list (by device; the newer seq or report wins). */
export function mergeWall(walls: readonly WallStatus[], next: WallStatus): WallStatus[] {
  const at = walls.findIndex((w) => w.device === next.device);
  if (at < 0) return [...walls, next].sort((a, b) => a.label.localeCompare(b.label, 'zh-CN') || (a.device < b.device ? -1 : 1));
  const copy = walls.slice();
  copy[at] = next;
  return copy;
}

/**
 * The walls of the account's area and what each shows, live: `walls:watch` on the page's one
 * socket (again after every reconnect: the server forgets watchers with their connection), then
 * every `walls:status`. Bounded by the display devices of the area.
 */
export function useWalls(socket: LiveSocket | null, enabled: boolean): [WallsState, (w: WallStatus) => void] {
  const [state, setState] = useState<WallsState>({ status: 'loading' });
  useEffect(() => {
    if (!socket || !enabled) return;
    const watch = () =>
      socket.emit('walls:watch', { v: STEER_VERSION }, (reply) => {
        setState(reply.ok ? { status: 'ready', walls: mergeAll(reply.walls) } : { status: 'refused', message: reply.message });
      });
    const onStatus = (w: WallStatus) => setState((s) => (s.status === 'ready' ? { status: 'ready', walls: mergeWall(s.walls, w) } : s));
    socket.on('walls:status', onStatus);
    socket.on('connect', watch);
    if (socket.connected) watch();
    return () => {
      socket.off('walls:status', onStatus);
      socket.off('connect', watch);
      if (socket.connected) socket.emit('walls:unwatch', { v: STEER_VERSION }, () => {});
    };
  }, [socket, enabled]);
  const apply = (w: WallStatus) => setState((s) => (s.status === 'ready' ? { status: 'ready', walls: mergeWall(s.walls, w) } : s));
  return [state, apply];
}

const mergeAll = (walls: readonly WallStatus[]): WallStatus[] => walls.reduce<WallStatus[]>((list, w) => mergeWall(list, w), []);
