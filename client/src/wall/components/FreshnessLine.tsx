import type { Refusal } from '../../../../shared/src/live/socketFeed.js';
import { secondsUntil } from '../../live/buildReload.js';
import type { PendingReload } from '../../live/useBuildReload.js';
import { useNow } from '../../hooks/useNow.js';
import { useStrings } from '../../i18n/useStrings.js';
import { isStale } from '../../live/liveArea.js';

export interface FreshnessLineProps {
  connected: boolean;
  heardAt: number | null;
  /** The server refused the area: say why, not 数据中断 (waiting would never help). */
  refusal: Refusal | null;
  /** The server runs a newer client: the page reloads itself soon (useBuildReload). */
  update: PendingReload | null;
}

/**
 * 实时, or 数据中断 with the seconds since the last message: the wall must never show old data as
 * live. Before either, a reload it is waiting for after a deploy (it also replaces 大屏版本过旧, a
 * refused version: the reload is the answer to it).
 */
export function FreshnessLine({ connected, heardAt, refusal, update }: FreshnessLineProps) {
  const t = useStrings();
  const now = useNow(1000); // 1 Hz: the line's clock
  if (update) {
    return (
      <div className="wall-fresh wall-fresh--update" data-testid="live-status" data-update={update.retry ? 'retry' : 'reload'} role="status">
        {t.updating(secondsUntil(update.at, now), update.retry)}
      </div>
    );
  }
  if (refusal) {
    return (
      <div className="wall-fresh wall-fresh--stale wall-fresh--refused" data-testid="live-status" data-refused={refusal.code} role="alert">
        {t.refused(refusal.code, refusal.area)}
      </div>
    );
  }
  const stale = isStale(connected, heardAt, now);
  return (
    <div className={stale ? 'wall-fresh wall-fresh--stale' : 'wall-fresh'} data-testid="live-status" role="status">
      {stale ? t.stale(heardAt === null ? null : Math.round((now - heardAt) / 1000)) : t.live}
    </div>
  );
}
