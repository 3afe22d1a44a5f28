import { fetchCases } from '../api/deskApi.js';
import { lastOf, useLoaded } from '../hooks/useLoaded.js';
import { commonStrings, type DeskStrings } from '../i18n/deskStrings.js';
import type { DeskState } from '../state/deskUrl.js';
import { caseTime } from './caseTime.js';

/** A grid worker's own work first: the cases of their grid waiting on them to accept or handle, nearest deadline first. */
export const myCasesUrl = (area: string): string => `/api/cases?area=${encodeURIComponent(area)}&status=dispatched,accepted,rework&sort=deadline&order=asc&limit=50`;

export function MyCases({ t, state, area, navigate, reloads }: { t: DeskStrings; state: DeskState; area: string; navigate: (next: DeskState) => void; reloads: number }) {
  const url = myCasesUrl(area);
  const page = useLoaded(`${url}#${reloads}#${state.caseId ?? ''}`, (signal) => fetchCases(url, signal));
  const data = lastOf(page);
  const common = commonStrings(t.lang);
  return (
    <section className="desk-panel desk-my-cases" data-testid="desk-my-cases" data-total={data?.total ?? ''}>
      <h2>
        {t.myCases} · {data?.total ?? '…'}
      </h2>
      {page.status === 'error' ? <p className="desk-error">{page.message}</p> : null}
      <ul>
        {data?.items.map((c) => (
          <li key={c.id}>
            <button type="button" data-id={c.id} data-status={c.status} onClick={() => navigate({ ...state, caseId: c.id })}>
              <span className={`desk-badge status-${c.status}`}>{common.status[c.status]}</span>
              <span>{c.names?.subcategory ?? common.categoryName(c.category)}</span>
              <span className="desk-muted">{c.address ?? c.description.slice(0, 24)}</span>
              <span>{c.deadline ? caseTime(c.deadline, t.lang) : '—'}</span>
            </button>
          </li>
        ))}
      </ul>
      {data && data.items.length === 0 ? <p className="desk-muted">{t.table.none}</p> : null}
    </section>
  );
}
