import type { AreaInfo, Breakdown } from '../api/deskApi.js';
import { lastOf, type Loaded } from '../hooks/useLoaded.js';
import type { DeskStrings } from '../i18n/deskStrings.js';

export interface RankedChild {
  code: string;
  name: string;
  count: number;
}

/** The children with their counts of the filter state, most cases first (ties by code). */
export function rankChildren(info: AreaInfo, breakdown: Breakdown | null): RankedChild[] {
  const counts = new Map(breakdown?.buckets.map((b) => [b.key, b.count]) ?? []);
  const children = info.node.level === 'grid' ? [] : info.children;
  return children.map((c) => ({ code: c.code, name: c.name, count: counts.get(c.code) ?? 0 })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** The area's children ranked by the state's cases; a row drills into that child. */
export function Ranking({ t, info, breakdown, onDrill }: { t: DeskStrings; info: AreaInfo | null; breakdown: Loaded<Breakdown>; onDrill: (code: string) => void }) {
  const rows = info ? rankChildren(info, lastOf(breakdown)) : [];
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <section className="desk-panel desk-ranking" data-testid="desk-ranking" aria-busy={breakdown.status === 'loading' || !info}>
      <h2>{t.ranking(info?.node.level ?? 'city')}</h2>
      {breakdown.status === 'error' ? <p className="desk-error">{breakdown.message}</p> : null}
      {info && rows.length === 0 ? <p className="desk-muted">{t.noChildren}</p> : null}
      <ol>
        {rows.map((r, i) => (
          <li key={r.code}>
            <button type="button" data-code={r.code} data-count={r.count} onClick={() => onDrill(r.code)}>
              <span className="rank">{i + 1}</span>
              <span className="name">{r.name}</span>
              <span className="bar" style={{ width: `${(r.count / max) * 100}%` }} />
              <span className="count">{r.count.toLocaleString(t.locale)}</span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
