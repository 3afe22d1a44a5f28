import { useNow } from '../../hooks/useNow.js';
import { secondsUntil } from '../../live/buildReload.js';
import type { PendingReload } from '../../live/useBuildReload.js';
import type { LeadStrings } from '../i18n/leadStrings.js';

/** Heartbeats come every 5 s: after 8 s of silence the data is called stale. */
const STALE_MS = 8_000;

/**
 * The live stream's state: 实时, 重连中 (the socket is down; Socket.IO reconnects by itself and the
 * feed resubscribes and starts from a snapshot), 离线 (the browser has no network) or 数据中断; or,
 * after a deploy, when the page reloads itself (useBuildReload).
 */
export function ConnectionBadge({ connected, heardAt, update, t }: { connected: boolean; heardAt: number | null; update: PendingReload | null; t: LeadStrings }) {
  const now = useNow(1_000);
  const online = typeof navigator === 'undefined' || navigator.onLine;
  const silent = heardAt !== null ? now - heardAt : null;
  const [state, text] = !online
    ? (['offline', t.connection.offline] as const)
    : update
      ? (['updating', update.held ? t.connection.held : t.connection.updating(secondsUntil(update.at, now), update.retry)] as const)
      : !connected
      ? (['reconnecting', t.connection.reconnecting] as const)
      : silent !== null && silent > STALE_MS
        ? (['stale', t.connection.stale(Math.round(silent / 1000))] as const)
        : (['live', t.connection.live] as const);
  return (
    <span className={`lead-conn lead-conn--${state}`} role="status" data-testid="lead-connection" data-state={state}>
      {text}
    </span>
  );
}
