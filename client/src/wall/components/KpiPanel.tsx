import type { KpiReport } from '../../../../shared/src/kpi/kpiReport.js';
import type { AreaAggregate } from '../../../../shared/src/live/events.js';
import { liveFigures, todayFigures, type Figure } from '../../figures/kpiFigures.js';
import { useStrings } from '../../i18n/useStrings.js';
import { FlipCounter } from './FlipCounter.js';

/**
 * Today's KPIs (refreshed by the stream every 5 s) as large flip counters, and below them the live
 * counts that move with every delta. Test ids: `kpi-<name>` and `live-<name>`; `data-value` is the
 * raw figure (a rate as a fraction).
 */
export function KpiPanel({ aggregate, kpis }: { aggregate: AreaAggregate | null; kpis: KpiReport | null }) {
  const t = useStrings();
  const unit = (f: Figure<string>) => (f.unit === 'case' ? t.caseUnit : f.unit === 'person' ? t.personUnit : '');
  return (
    <section className="wall-panel__body kpi-panel">
      <div className="kpi-grid">
        {todayFigures(kpis).map((f) => (
          <FlipCounter key={f.key} value={f.value} label={t.today[f.key]} unit={unit(f)} format={f.format} locale={t.locale} tone={f.tone} testId={`kpi-${f.key}`} />
        ))}
      </div>
      <div className="kpi-live">
        {liveFigures(aggregate).map((f) => (
          <FlipCounter key={f.key} value={f.value} label={t.kpi[f.key]} unit={unit(f)} locale={t.locale} testId={`live-${f.key}`} />
        ))}
      </div>
    </section>
  );
}
