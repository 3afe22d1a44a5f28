import type { DistrictDetail } from '../hooks/useDistrictDetail.js';
import { useStrings } from '../i18n/useStrings.js';
import type { Selection } from '../state/selection.js';
import { selectionMessage } from './selectionMessage.js';

/** A small line of map state at the bottom of the canvas: zoom, loaded detail, the selected area, a basemap that failed. */
export function StatusPanel({ zoom, detail, selection, gridCount, basemapFailed }: { zoom: number; detail: DistrictDetail; selection: Selection; gridCount: number; basemapFailed: boolean }) {
  const t = useStrings();
  const loading = [...detail.entries.values()].filter((e) => e.status === 'loading').length;
  const errors = [...detail.entries].flatMap(([code, e]) => (e.status === 'error' ? [`${code}: ${e.message}`] : []));
  const message = selectionMessage(selection, t);
  return (
    <aside className="wall-status" aria-live="polite">
      <div>
        {t.zoom(zoom.toFixed(1))} · {t.detailLoaded(detail.ready.length, gridCount.toLocaleString(t.locale), loading)}
      </div>
      {message && <div className="wall-status__selection">{message}</div>}
      {basemapFailed && (
        <div className="wall-status__error" data-testid="basemap-notice">
          {t.basemapFailed}
        </div>
      )}
      {errors.map((e) => (
        <div key={e} className="wall-status__error">
          {e}
        </div>
      ))}
    </aside>
  );
}
