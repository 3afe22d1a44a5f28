import { formatFigure, INTEGER } from '../../figures/figureFormat.js';
import { PERCENT } from '../../figures/kpiFigures.js';
import type { KpiComparison } from '../state/kpiCompare.js';
import type { LeadStrings } from '../i18n/leadStrings.js';

/** Today's KPIs so far, each with yesterday's figure and the change beside it. */
export function KpiCards({ rows, open, t, locale }: { rows: readonly KpiComparison[]; open: number | null; t: LeadStrings; locale: string }) {
  const fmt = (r: KpiComparison, v: number | null) => formatFigure(v, r.kind === 'rate' ? PERCENT : INTEGER, locale);
  return (
    <div className="lead-kpis" data-testid="lead-kpis">
      {rows.map((r) => (
        <div key={r.key} className={`lead-kpi${r.key === 'overdueOpen' ? ' lead-kpi--warn' : ''}`} data-kpi={r.key}>
          <div className="lead-kpi__label">{t.kpi[r.key]}</div>
          <div className="lead-kpi__value">{fmt(r, r.today)}</div>
          {r.key === 'overdueOpen' ? (
            <div className="lead-kpi__prev">
              {t.kpi.open} {formatFigure(open, INTEGER, locale)}
            </div>
          ) : (
            <div className="lead-kpi__prev">
              {t.yesterday} {fmt(r, r.yesterday)}
              {r.delta !== null && r.delta !== 0 ? (
                <span className={`lead-delta lead-delta--${r.better === null ? 'flat' : r.better ? 'good' : 'bad'}`}>
                  {r.delta > 0 ? '▲' : '▼'}
                  {r.kind === 'rate' ? `${Math.abs(r.delta * 100).toFixed(1)}pt` : formatFigure(Math.abs(r.delta), INTEGER, locale)}
                </span>
              ) : null}
            </div>
          )}
        </div>
      ))}
    </div>
  );
}
