import { useEffect, useState } from 'react';
import { isStale } from '../live/liveArea.js';
import { useAreaFeed } from '../live/useAreaFeed.js';

const FIGURES = [
  ['total', '累计受理'],
  ['open', '在办'],
  ['overdue', '超期未结'],
  ['newLastHour', '近1小时新增'],
] as const;

/** Live counts of one area, with a freshness line that says when the data stopped coming. */
export function LivePanel({ area, areaName }: { area: string; areaName: string }) {
  const { view, connected, heardAt } = useAreaFeed(area);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000); // 1 Hz: the freshness line's clock
    return () => clearInterval(timer);
  }, []);
  const stale = isStale(connected, heardAt, now);
  return (
    <aside className="wall-live" data-testid="live-panel">
      <div className="wall-live__title">{areaName} · 实时案件</div>
      <div className="wall-live__figures">
        {FIGURES.map(([key, label]) => (
          <div key={key} className="wall-live__figure">
            <div className="wall-live__value" data-testid={`live-${key}`}>
              {view ? view.aggregate[key].toLocaleString('zh-CN') : '—'}
            </div>
            <div className="wall-live__label">{label}</div>
          </div>
        ))}
      </div>
      <div className={stale ? 'wall-live__status wall-live__status--stale' : 'wall-live__status'} data-testid="live-status">
        {stale ? `数据中断${heardAt ? ` ${Math.round((now - heardAt) / 1000)} 秒` : ''}，正在重连…` : '实时'}
      </div>
    </aside>
  );
}
