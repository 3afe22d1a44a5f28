import { useStrings } from '../../i18n/useStrings.js';
import type { Insets } from '../layout/canvasScale.js';
import { cellLegend } from '../../map/layers/cellScale.js';
import type { CellMetric } from '../../map/layers/liveLayerIds.js';

/** The grid choropleth's colour key, in the panels' style, at the bottom left of the map's free middle. */
export function CellLegend({ metric, insets }: { metric: CellMetric; insets: Insets }) {
  const t = useStrings();
  return (
    <div className="cell-legend" data-testid="cell-legend" data-metric={metric} style={{ left: insets.left + 16, bottom: insets.bottom + 16 }}>
      <div className="cell-legend__title">{t.cellMetric[metric]}</div>
      <ul className="cell-legend__rows">
        {cellLegend(metric).map(({ color: [r, g, b, a], label }) => (
          <li key={label}>
            <span className="cell-legend__swatch" style={{ background: `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(2)})` }} />
            {label}
          </li>
        ))}
      </ul>
    </div>
  );
}
