import type { Case } from '../../../../shared/src/cases/caseModel.js';
import { beijingStamp } from '../../figures/cityTime.js';
import type { WallStrings } from '../../i18n/strings.js';
import type { LeadStrings } from '../i18n/leadStrings.js';

/** Overdue or major open cases of the area; a tap opens the case (timeline, SLA clock, 督办). */
export function CaseList({ cases, t, w, now, onOpen, testId }: { cases: readonly Case[] | null; t: LeadStrings; w: WallStrings; now: number; onOpen: (id: string) => void; testId: string }) {
  if (!cases) return <p className="lead-empty">{t.loading}</p>;
  if (cases.length === 0) return <p className="lead-empty">{t.noCases}</p>;
  return (
    <ul className="lead-cases" data-testid={testId}>
      {cases.map((c) => (
        <li key={c.id}>
          <button type="button" className="lead-row lead-case" onClick={() => onOpen(c.id)} data-case={c.id}>
            <span className={`lead-urgency lead-urgency--${c.urgency}`}>{w.urgency[c.urgency]}</span>
            <span className="lead-case__what">{w.categoryName(c.category)}</span>
            <span className="lead-case__status">{w.status[c.status]}</span>
            {c.supervised ? <span className="lead-tag lead-tag--supervised">{t.supervised(c.supervised.count)}</span> : null}
            <span className="lead-case__desc">{c.description}</span>
            <span className="lead-case__time">{beijingStamp(Date.parse(c.times.reported!), now)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
