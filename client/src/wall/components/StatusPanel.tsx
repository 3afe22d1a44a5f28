import type { DistrictDetail } from '../../hooks/useDistrictDetail.js';
import { useStrings } from '../../i18n/useStrings.js';
import type { Selection } from '../../area/selection.js';
import { selectionMessage } from './selectionMessage.js';

/**
 * A small line of map state at the bottom of the canvas: a basemap that failed, detail that did not
 * load; with `debug` (`?debug=1`) also the zoom, the loaded detail and the selected area, which a
 * wall's viewers have no use for. An area the map cannot find is said by the live stream's refusal.
 */
export function StatusPanel({ zoom, detail, selection, gridCount, basemapFailed, debug }: { zoom: number; detail: DistrictDetail; selection: Selection; gridCount: number; basemapFailed: boolean; debug: boolean }) {
  const t = useStrings();
  const loading = [...detail.entries.values()].filter((e) => e.status === 'loading').length;
  const errors = [...detail.entries].flatMap(([code, e]) => (e.status === 'error' ? [t.detailFailed(code)] : []));
  const message = debug ? selectionMessage(selection, t) : null;
  if (!debug && !message && !basemapFailed && errors.length === 0) return null;
  return (
    <aside className="wall-status" aria-live="polite">
      {debug && (
        <div data-testid="debug-status">
          {t.zoom(zoom.toFixed(1))} · {t.detailLoaded(detail.ready.length, gridCount.toLocaleString(t.locale), loading)}
        </div>
      )}
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
