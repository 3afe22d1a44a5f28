import { useNow } from '../hooks/useNow.js';
import { useStrings } from '../i18n/useStrings.js';
import { isStale } from '../live/liveArea.js';

/** 实时, or 数据中断 with the seconds since the last message: the wall must never show old data as live. */
export function FreshnessLine({ connected, heardAt }: { connected: boolean; heardAt: number | null }) {
  const t = useStrings();
  const now = useNow(1000); // 1 Hz: the line's clock
  const stale = isStale(connected, heardAt, now);
  return (
    <div className={stale ? 'wall-fresh wall-fresh--stale' : 'wall-fresh'} data-testid="live-status" role="status">
      {stale ? t.stale(heardAt === null ? null : Math.round((now - heardAt) / 1000)) : t.live}
    </div>
  );
}
