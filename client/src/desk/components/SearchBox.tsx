import { useEffect, useState } from 'react';
import { search, type SearchAnswer } from '../api/deskApi.js';
import type { DeskStrings } from '../i18n/deskStrings.js';
import { drillTo, type DeskState } from '../state/deskUrl.js';

/**
 * One box for an area's name or code, a case id or an address: areas drill, cases open. The
 * server cuts the answer to the account's area (GET /api/search), so nothing else is offered.
 */
export function SearchBox({ t, state, navigate, area }: { t: DeskStrings; state: DeskState; navigate: (next: DeskState) => void; area: string }) {
  const [q, setQ] = useState('');
  const [answer, setAnswer] = useState<SearchAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const query = q.trim();
    if (query.length === 0) {
      setAnswer(null);
      return;
    }
    const abort = new AbortController();
    // Typing pauses 200 ms before asking: one request per word, not per key.
    const timer = setTimeout(() => {
      search(query.slice(0, 50), area, abort.signal).then(
        (a) => {
          setAnswer(a);
          setError(null);
        },
        (e: unknown) => {
          if (!abort.signal.aborted) setError(e instanceof Error ? e.message : String(e));
        },
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [q, area]);
  const done = () => {
    setQ('');
    setAnswer(null);
  };
  return (
    <div className="desk-search">
      <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t.searchPlaceholder} aria-label={t.searchPlaceholder} data-testid="desk-search" maxLength={50} />
      {answer || error ? (
        <div className="desk-search-results" data-testid="desk-search-results">
          {error ? <p className="desk-error">{error}</p> : null}
          {answer && answer.areas.length + answer.cases.length === 0 ? <p>{t.searchNone}</p> : null}
          {answer && answer.areas.length > 0 ? <h3>{t.searchAreas}</h3> : null}
          {answer?.areas.map((a) => (
            <button
              type="button"
              key={a.code}
              data-code={a.code}
              onClick={() => {
                navigate(drillTo(state, a.code));
                done();
              }}
            >
              {[...a.path, a.name].join(' / ')} <small>{a.code}</small>
            </button>
          ))}
          {answer && answer.cases.length > 0 ? <h3>{t.searchCases}</h3> : null}
          {answer?.cases.map((c) => (
            <button
              type="button"
              key={c.id}
              data-case={c.id}
              onClick={() => {
                navigate({ ...state, caseId: c.id });
                done();
              }}
            >
              {c.id.slice(-8)} · {c.address ?? ''} {c.description.slice(0, 30)}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
