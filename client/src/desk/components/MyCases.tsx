import type { Principal } from '../../../../shared/src/access/principal.js';
import { fetchCases, type CaseRow } from '../api/deskApi.js';
import { lastOf, useLoaded } from '../hooks/useLoaded.js';
import { commonStrings, type DeskStrings } from '../i18n/deskStrings.js';
import type { DeskState } from '../state/deskUrl.js';
import { caseTime } from './caseTime.js';

/**
 * A grid worker's own work first: the cases of their grid waiting on them to accept or handle,
 * nearest deadline first; those assigned to the roster worker the account stands for (Principal.workerId)
 * before the others (`mine=first`).
 */
export const myCasesUrl = (area: string, linked = false): string =>
  `/api/cases?area=${encodeURIComponent(area)}&status=dispatched,accepted,rework&sort=deadline&order=asc${linked ? '&mine=first' : ''}&limit=50`;

export function MyCases({ t, state, principal, navigate, reloads }: { t: DeskStrings; state: DeskState; principal: Principal; navigate: (next: DeskState) => void; reloads: number }) {
  const worker = principal.workerId ?? null;
  const url = myCasesUrl(principal.scope, worker !== null);
  const page = useLoaded(`${url}#${reloads}#${state.caseId ?? ''}`, (signal) => fetchCases(url, signal));
  const data = lastOf(page);
  const common = commonStrings(t.lang);
  const items = data?.items ?? [];
  const mine = worker ? items.filter((c) => c.assignee === worker) : [];
  const others = worker ? items.filter((c) => c.assignee !== worker) : items;
  const row = (c: CaseRow, isMine: boolean) => (
    <li key={c.id}>
      <button type="button" data-id={c.id} data-status={c.status} data-mine={isMine ? 'true' : undefined} onClick={() => navigate({ ...state, caseId: c.id })}>
        {isMine ? <span className="desk-badge desk-mine">{t.mine.badge}</span> : null}
        <span className={`desk-badge status-${c.status}`}>{common.status[c.status]}</span>
        <span>{c.names?.subcategory ?? common.categoryName(c.category)}</span>
        <span className="desk-muted">{c.address ?? c.description.slice(0, 24)}</span>
        <span>{c.deadline ? caseTime(c.deadline, t.lang) : '—'}</span>
      </button>
    </li>
  );
  return (
    <section className="desk-panel desk-my-cases" data-testid="desk-my-cases" data-total={data?.total ?? ''} data-worker={worker ?? ''} data-mine={data ? String(mine.length) : ''}>
      {worker ? (
        <>
          <h2>
            {t.mine.title(worker)} · {data ? mine.length : '…'}
          </h2>
          {page.status === 'error' ? <p className="desk-error">{page.message}</p> : null}
          <ul data-testid="desk-mine">{mine.map((c) => row(c, true))}</ul>
          {data && mine.length === 0 ? <p className="desk-muted">{t.mine.none}</p> : null}
          <h3>
            {t.mine.others} · {data ? others.length : '…'}
          </h3>
        </>
      ) : (
        <>
          <h2>
            {t.myCases} · {data?.total ?? '…'}
          </h2>
          <p className="desk-hint" role="note" data-testid="desk-no-worker">
            {t.noWorker}
          </p>
          {page.status === 'error' ? <p className="desk-error">{page.message}</p> : null}
        </>
      )}
      <ul>{others.map((c) => row(c, false))}</ul>
      {data && items.length === 0 ? <p className="desk-muted">{t.table.none}</p> : null}
    </section>
  );
}
