import { useEffect, useRef, useState } from 'react';
import { fetchCases, type CaseRow } from '../api/deskApi.js';
import { useLoaded, lastOf } from '../hooks/useLoaded.js';
import { commonStrings, type DeskStrings } from '../i18n/deskStrings.js';
import { caseListUrl } from '../state/deskQuery.js';
import { sortBy, type DeskState, type SortKey } from '../state/deskUrl.js';
import { caseTime } from './caseTime.js';

/** Rows per page. */
export const PAGE_SIZE = 20;

interface Props {
  t: DeskStrings;
  state: DeskState;
  area: string;
  /** Area code → name of the area in view, its ancestors and its children (when the list gives no names). */
  names: ReadonlyMap<string, string>;
  /** Changes when the table must ask again (resync, an action taken, a click on "refresh"). */
  reloads: number;
  newCount: number | null;
  onRefresh: () => void;
  navigate: (next: DeskState) => void;
}

/** The place of a case by name: the names the server gives, else the deepest one the desk knows. */
export function placeOf(c: CaseRow, names: ReadonlyMap<string, string>): string {
  const n = c.names;
  if (n && (n.street || n.community)) return [n.street, n.community, n.grid].filter(Boolean).join(' · ');
  for (const code of [c.area.grid, c.area.community, c.area.street, c.area.district]) {
    const name = names.get(code);
    if (name) return name;
  }
  return c.area.grid;
}

const SORTABLE: readonly SortKey[] = ['time', 'urgency', 'area', 'deadline'];

/**
 * One page of the filter state's cases, sorted and paged by the server. It stays as loaded while
 * new cases arrive (they are counted above it); ↑/↓ move through the rows, Enter opens one.
 */
export function CaseTable({ t, state, area, names, reloads, newCount, onRefresh, navigate }: Props) {
  const [offset, setOffset] = useState(0);
  const viewKey = caseListUrl(state, area, 0, PAGE_SIZE);
  // Another view starts on its first page.
  const [pagedView, setPagedView] = useState(viewKey);
  if (pagedView !== viewKey) {
    setPagedView(viewKey);
    setOffset(0);
  }
  const url = caseListUrl(state, area, offset, PAGE_SIZE);
  const page = useLoaded(`${url}#${reloads}`, (signal) => fetchCases(url, signal));
  const data = lastOf(page);
  const [cursor, setCursor] = useState(-1);
  const body = useRef<HTMLTableSectionElement>(null);
  useEffect(() => setCursor(-1), [url]);
  useEffect(() => {
    if (cursor >= 0) (body.current?.children[cursor] as HTMLElement | undefined)?.focus();
  }, [cursor]);
  const common = commonStrings(t.lang);
  const items = data?.items ?? [];
  const open = (id: string) => navigate({ ...state, caseId: id });
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') setCursor((c) => Math.min(items.length - 1, c + 1));
    else if (e.key === 'ArrowUp') setCursor((c) => Math.max(0, c - 1));
    else if (e.key === 'Enter' && cursor >= 0 && items[cursor]) open(items[cursor]!.id);
    else return;
    e.preventDefault();
  };
  const total = data?.total ?? 0;
  const header = (key: SortKey | 'id' | 'category' | 'status') => {
    const sortable = (SORTABLE as readonly string[]).includes(key);
    const sorted = state.sort === key;
    return (
      <th key={key} aria-sort={sorted ? (state.order === 'asc' ? 'ascending' : 'descending') : undefined}>
        {sortable ? (
          <button type="button" data-sort={key} onClick={() => navigate(sortBy(state, key as SortKey))}>
            {t.table.columns[key]}
            {sorted ? (state.order === 'asc' ? ' ▲' : ' ▼') : ''}
          </button>
        ) : (
          t.table.columns[key]
        )}
      </th>
    );
  };
  return (
    <section className="desk-panel desk-table" data-testid="desk-table" data-total={data ? data.total : ''} aria-busy={page.status === 'loading'}>
      <h2>
        {t.table.title(data ? total.toLocaleString(t.locale) : '…')}
        {newCount ? (
          <button type="button" className="desk-new" onClick={onRefresh} data-testid="desk-new-cases" data-count={newCount}>
            {t.newCases(newCount)} · {t.showNew}
          </button>
        ) : null}
      </h2>
      {page.status === 'error' ? (
        <p className="desk-error" role="alert">
          {page.message}
        </p>
      ) : null}
      <div className="desk-table-scroll">
        <table onKeyDown={onKey}>
          <thead>
            <tr>{(['time', 'id', 'category', 'urgency', 'status', 'area', 'deadline'] as const).map(header)}</tr>
          </thead>
          <tbody ref={body}>
            {items.map((c, i) => (
              <tr
                key={c.id}
                tabIndex={i === cursor || (cursor < 0 && i === 0) ? 0 : -1}
                data-id={c.id}
                data-status={c.status}
                aria-selected={state.caseId === c.id}
                className={`urgency-${c.urgency}${state.caseId === c.id ? ' open' : ''}`}
                onClick={() => open(c.id)}
                onFocus={() => setCursor(i)}
              >
                <td>{caseTime(c.times.reported, t.lang)}</td>
                <td className="mono">{c.id.slice(-8)}</td>
                <td>
                  {c.names?.category ?? common.categoryName(c.category)}
                  <small> · {c.names?.subcategory ?? c.subcategory}</small>
                </td>
                <td>{common.urgency[c.urgency]}</td>
                <td data-testid="case-status">{common.status[c.status]}</td>
                <td>{placeOf(c, names)}</td>
                <td>{c.deadline ? caseTime(c.deadline, t.lang) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {data && items.length === 0 ? <p className="desk-muted">{t.table.none}</p> : null}
      </div>
      <div className="desk-pager">
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))} data-testid="desk-prev">
          {t.table.prev}
        </button>
        <span>{total > 0 ? t.table.page(offset + 1, Math.min(total, offset + PAGE_SIZE), total) : ''}</span>
        <button type="button" disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)} data-testid="desk-next">
          {t.table.next}
        </button>
      </div>
    </section>
  );
}
