import type { KpiName } from '../../../../shared/src/kpi/kpiNames.js';
import { percent } from '../../../../shared/src/kpi/kpiFormulas.js';
import type { FigureChange, KpiAnswer } from '../api/deskApi.js';
import { lastOf, type Loaded } from '../hooks/useLoaded.js';
import type { DeskStrings } from '../i18n/deskStrings.js';
import { FIGURE_KPI, type FigureName } from '../state/deskQuery.js';
import type { DeskState } from '../state/deskUrl.js';

const SHOWN: readonly FigureName[] = ['received', 'registrationRate', 'dispatchRate', 'due', 'closureRate', 'onTimeRate', 'reworkRate', 'overdueOpen'];
const RATES: ReadonlySet<string> = new Set(['registrationRate', 'dispatchRate', 'closureRate', 'onTimeRate', 'reworkRate', 'extensionRate']);

/** "+12 (+8.3%)" for a count, "+1.25 pp" for a rate; null where the server gives no previous. */
export function changeText(name: string, change: FigureChange | undefined, locale: string): string | null {
  if (!change || change.delta === null || change.previous === null) return null;
  const sign = change.delta > 0 ? '+' : change.delta < 0 ? '−' : '±';
  if (RATES.has(name)) return `${sign}${(Math.abs(change.delta) * 100).toFixed(2)} pp`;
  const ratio = change.ratio === null ? '' : ` (${sign}${(Math.abs(change.ratio) * 100).toFixed(1)}%)`;
  return `${sign}${Math.abs(change.delta).toLocaleString(locale)}${ratio}`;
}

/** The KPIs of the filter state, each with the previous period (环比); a click lists its cases. */
export function KpiStrip({ t, kpis, state, onKpi }: { t: DeskStrings; kpis: Loaded<KpiAnswer>; state: DeskState; onKpi: (kpi: KpiName | null) => void }) {
  const answer = lastOf(kpis);
  return (
    <section className="desk-kpis" data-testid="desk-kpis" aria-busy={kpis.status === 'loading'}>
      {kpis.status === 'error' ? <p className="desk-error">{kpis.message}</p> : null}
      {SHOWN.map((name) => {
        const value = answer?.figures[name];
        const text = value === undefined || value === null ? '—' : RATES.has(name) ? percent(value) : value.toLocaleString(t.locale);
        const kpi = FIGURE_KPI[name];
        const active = state.filters.kpi === kpi;
        const change = changeText(name, answer?.change?.[name], t.locale);
        return (
          <button type="button" key={name} className={`desk-kpi${active ? ' active' : ''}`} data-kpi={kpi} data-figure={name} aria-pressed={active} onClick={() => onKpi(active ? null : kpi)}>
            <span className="desk-kpi-label">{t.figures[name]}</span>
            <span className="desk-kpi-value" data-testid={`kpi-${name}`}>
              {text}
            </span>
            <span className="desk-kpi-change">{change ? t.previous(change) : t.noPrevious}</span>
          </button>
        );
      })}
      <div className="desk-kpi static">
        <span className="desk-kpi-label">{t.figures.meanHandlingHours}</span>
        <span className="desk-kpi-value">{answer?.figures.meanHandlingHours == null ? '—' : `${answer.figures.meanHandlingHours.toFixed(1)} h`}</span>
      </div>
    </section>
  );
}
