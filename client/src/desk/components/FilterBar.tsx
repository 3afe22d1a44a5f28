import { useState } from 'react';
import { CHANNELS, STATUSES, URGENCIES } from '../../../../shared/src/cases/caseModel.js';
import { CATEGORIES, SUBCATEGORY_BY_CODE } from '../../../../shared/src/cases/categories.js';
import { KPI_NAMES, type KpiName } from '../../../../shared/src/kpi/kpiNames.js';
import { commonStrings, type DeskStrings } from '../i18n/deskStrings.js';
import { exportUrl } from '../state/deskQuery.js';
import { LIST_FILTERS, PERIOD_PRESETS, addFilter, clearFilters, hasFilters, removeFilter, setKpi, setParty, setPeriod, type DeskState, type ListFilter } from '../state/deskUrl.js';
import { PARTY_FLAG_NAMES } from '../../figures/partyFigures.js';

interface Props {
  t: DeskStrings;
  state: DeskState;
  navigate: (next: DeskState) => void;
  area: string;
  mayExport: boolean;
}

/** The name of one filter value in the page's language. */
export function filterValueName(t: DeskStrings, key: ListFilter | 'kpi', value: string): string {
  const common = commonStrings(t.lang);
  switch (key) {
    case 'category':
      return common.categoryName(value);
    case 'subcategory':
      return SUBCATEGORY_BY_CODE.get(value)?.name ?? value;
    case 'urgency':
      return common.urgency[value as keyof typeof common.urgency] ?? value;
    case 'status':
      return common.status[value as keyof typeof common.status] ?? value;
    case 'channel':
      return t.channel(value as (typeof CHANNELS)[number]);
    case 'kpi':
      return t.kpiName(value as KpiName);
  }
}

/** Period, the filters as selects and as chips with ×, clear all, and the exports of the same set. */
export function FilterBar({ t, state, navigate, area, mayExport }: Props) {
  const { filters, period } = state;
  const [from, setFrom] = useState(period.kind === 'range' ? period.from : '');
  const [to, setTo] = useState(period.kind === 'range' ? period.to : '');
  const options: Record<ListFilter, readonly string[]> = {
    category: CATEGORIES.map((c) => c.code),
    subcategory: CATEGORIES.filter((c) => filters.category.length === 0 || filters.category.includes(c.code)).flatMap((c) => c.subcategories.map((s) => s.code)),
    urgency: URGENCIES,
    status: STATUSES,
    channel: CHANNELS,
  };
  return (
    <section className="desk-filters" data-testid="desk-filters">
      <div className="desk-period" role="group">
        {PERIOD_PRESETS.map((p) => (
          <button type="button" key={p} aria-pressed={period.kind === p} data-period={p} onClick={() => navigate(setPeriod(state, { kind: p }))}>
            {t.period[p]}
          </button>
        ))}
        <label>
          {t.period.range}
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="desk-range-from" />
        </label>
        <label>
          {t.rangeTo}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="desk-range-to" />
        </label>
        <button type="button" aria-pressed={period.kind === 'range'} disabled={!from || !to || from > to} onClick={() => navigate(setPeriod(state, { kind: 'range', from, to }))} data-period="range">
          ✓
        </button>
      </div>
      <div className="desk-selects">
        {LIST_FILTERS.map((key) => (
          <select
            key={key}
            value=""
            aria-label={t.filters[key]}
            data-filter={key}
            onChange={(e) => {
              if (e.target.value) navigate(addFilter(state, key, e.target.value));
            }}
          >
            <option value="">{t.filters[key]}</option>
            {options[key]
              .filter((v) => !filters[key].includes(v as never))
              .map((v) => (
                <option key={v} value={v}>
                  {filterValueName(t, key, v)}
                </option>
              ))}
          </select>
        ))}
        <select value={filters.kpi ?? ''} aria-label={t.filters.kpi} data-filter="kpi" onChange={(e) => navigate(setKpi(state, (e.target.value || null) as KpiName | null))}>
          <option value="">{t.filters.kpi}</option>
          {KPI_NAMES.map((k) => (
            <option key={k} value={k}>
              {t.kpiName(k)}
            </option>
          ))}
        </select>
        {mayExport ? (
          <span className="desk-exports">
            <a href={exportUrl(state, area, 'csv')} download data-testid="desk-export-csv">
              {t.exportCsv}
            </a>
            <a href={exportUrl(state, area, 'xlsx')} download data-testid="desk-export-xlsx">
              {t.exportXlsx}
            </a>
          </span>
        ) : null}
      </div>
      <div className="desk-chips" data-testid="desk-chips">
        {!hasFilters(filters) ? <span className="desk-muted">{t.noFilters}</span> : null}
        {LIST_FILTERS.flatMap((key) =>
          filters[key].map((value) => (
            <span className="desk-chip" key={`${key}:${value}`} data-chip={`${key}:${value}`}>
              {t.filters[key]}：{filterValueName(t, key, value)}
              <button type="button" aria-label="×" onClick={() => navigate(removeFilter(state, key, value))}>
                ×
              </button>
            </span>
          )),
        )}
        {filters.kpi ? (
          <span className="desk-chip" data-chip={`kpi:${filters.kpi}`}>
            {t.filters.kpi}：{t.kpiName(filters.kpi)}
            <button type="button" aria-label="×" onClick={() => navigate(setKpi(state, null))}>
              ×
            </button>
          </span>
        ) : null}
        {filters.party ? (
          <span className="desk-chip" data-chip={`party:${filters.party}`}>
            {PARTY_FLAG_NAMES[state.lang][filters.party]}
            <button type="button" aria-label="×" onClick={() => navigate(setParty(state, null))}>
              ×
            </button>
          </span>
        ) : null}
        {hasFilters(filters) ? (
          <button type="button" className="desk-clear" onClick={() => navigate(clearFilters(state))} data-testid="desk-clear">
            {t.clearAll}
          </button>
        ) : null}
      </div>
    </section>
  );
}
