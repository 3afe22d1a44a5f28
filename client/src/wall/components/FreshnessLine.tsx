import type { Refusal } from '../../../../shared/src/live/socketFeed.js';
import { useNow } from '../../hooks/useNow.js';
import { useStrings } from '../../i18n/useStrings.js';
import { isStale } from '../../live/liveArea.js';

export interface FreshnessLineProps {
  connected: boolean;
  heardAt: number | null;
  /** The server refused the area: say why, not 数据中断 (waiting would never help). */
  refusal: Refusal | null;
}

/** 实时, or 数据中断 with the seconds since the last message: the wall must never show old data as live. */
export function FreshnessLine({ connected, heardAt, refusal }: FreshnessLineProps) {
  const t = useStrings();
  const now = useNow(1000); // 1 Hz: the line's clock
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
