import { fetchBreakdown } from '../api/deskApi.js';
import { useLoaded } from '../hooks/useLoaded.js';
import type { DeskStrings } from '../i18n/deskStrings.js';
import { breakdownUrl } from '../state/deskQuery.js';
import { addFilter, type DeskState } from '../state/deskUrl.js';
import { BreakdownChart } from './BreakdownChart.js';

interface Props {
  t: DeskStrings;
  state: DeskState;
  area: string;
  /** Changes when the figures must be asked again (the live total moved, a resync). */
  refresh: string;
  navigate: (next: DeskState) => void;
}

/**
 * With one category chosen, its cases by subcategory (GET /api/kpis/breakdown?by=subcategory under
 * the same filter state); a bar adds its subcategory as a filter. Nothing without exactly one.
 */
export function SubcategoryChart({ t, state, area, refresh, navigate }: Props) {
  const one = state.filters.category.length === 1;
  const url = one ? breakdownUrl(state, area, 'subcategory') : null;
  const breakdown = useLoaded(url === null ? null : `${url}#${refresh}`, (signal) => fetchBreakdown(url!, signal));
  if (!one) return null;
  return <BreakdownChart t={t} title={t.charts.subcategory} name="subcategory" breakdown={breakdown} theme={state.theme} onBar={(key) => navigate(addFilter(state, 'subcategory', key))} />;
}
