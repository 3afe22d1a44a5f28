import type { ChildFigures } from '../../../../shared/src/live/events.js';
import type { RankEntry } from '../../figures/rankChildren.js';
import type { LeadStrings } from '../i18n/leadStrings.js';
import type { RankMark } from '../state/rankMarks.js';

export interface RankListProps {
  entries: readonly RankEntry[];
  marks: ReadonlyMap<string, RankMark>;
  names: ReadonlyMap<string, string>;
  children: Readonly<Record<string, ChildFigures>>;
  t: LeadStrings;
  onPick: (code: string) => void;
}

/**
 * The children by today's composite score, 前三 and 后三 marked; the units with too few cases to
 * judge follow a divider with their sample instead of a score. Each row is a button that drills in.
 */
export function RankList({ entries, marks, names, children, t, onPick }: RankListProps) {
  if (entries.length === 0) return <p className="lead-empty">{t.noChildren}</p>;
  return (
    <ol className="lead-rank" data-testid="lead-ranking">
      {entries.map((e) =>
        e.kind === 'divider' ? (
          <li key="divider" className="lead-rank__divider">
            {t.rankTooFew}
          </li>
        ) : (
          <li key={e.code}>
            <button type="button" className={`lead-row lead-rank__row${marks.get(e.code) ? ` lead-rank__row--${marks.get(e.code)}` : ''}`} onClick={() => onPick(e.code)} data-code={e.code}>
              <span className="lead-rank__no">{e.rank ?? '–'}</span>
              <span className="lead-rank__name">
                {names.get(e.code) ?? e.code}
                {marks.get(e.code) === 'top' ? <span className="lead-tag lead-tag--top">{t.rankingTop}</span> : null}
                {marks.get(e.code) === 'bottom' ? <span className="lead-tag lead-tag--bottom">{t.rankingBottom}</span> : null}
              </span>
              <span className="lead-rank__score">{e.score !== null ? e.score.toFixed(1) : t.rankSample(e.received ?? 0)}</span>
              <span className="lead-rank__open">
                {t.kpi.open} {children[e.code]?.[0] ?? 0} · {t.kpi.overdueOpen} {children[e.code]?.[1] ?? 0}
              </span>
            </button>
          </li>
        ),
      )}
    </ol>
  );
}
