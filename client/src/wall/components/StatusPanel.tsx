import type { DistrictDetail } from '../hooks/useDistrictDetail.js';
import type { Selection } from '../state/selection.js';
import { selectionMessage } from './selectionMessage.js';

export function StatusPanel({ zoom, detail, selection, gridCount }: { zoom: number; detail: DistrictDetail; selection: Selection; gridCount: number }) {
  const loading = [...detail.entries.values()].filter((e) => e.status === 'loading').length;
  const errors = [...detail.entries].flatMap(([code, e]) => (e.status === 'error' ? [`${code}: ${e.message}`] : []));
  const message = selectionMessage(selection);
  return (
    <aside className="wall-status" aria-live="polite">
      <div>缩放 {zoom.toFixed(1)}</div>
      <div>
        已加载区县 {detail.ready.length} · 已绘制网格 {gridCount.toLocaleString('zh-CN')}
        {loading > 0 ? ` · 加载中 ${loading}` : ''}
      </div>
      {message && <div className="wall-status__selection">{message}</div>}
      {errors.map((e) => (
        <div key={e} className="wall-status__error">
          {e}
        </div>
      ))}
    </aside>
  );
}
