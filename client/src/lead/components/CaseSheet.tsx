import { useEffect, useState } from 'react';
import type { CaseDetail } from '../../../../shared/src/api/cases.js';
import { OPEN_STATUSES } from '../../../../shared/src/cases/caseModel.js';
import { DEFAULT_SUPERVISE_NOTE } from '../../../../shared/src/cases/supervision.js';
import { beijingStamp } from '../../figures/cityTime.js';
import type { WallStrings } from '../../i18n/strings.js';
import type { WallStatus } from '../../../../shared/src/steer/wallStatus.js';
import { fetchCase, LeadApiError, superviseCase } from '../api/leadApi.js';
import type { LeadStrings } from '../i18n/leadStrings.js';
import { wallsForCase } from '../state/caseWalls.js';
import { ShowOnWall } from './ShowOnWall.js';

export interface CaseSheetProps {
  id: string;
  canSupervise: boolean;
  t: LeadStrings;
  w: WallStrings;
  now: number;
  onClose: () => void;
  /** 在大屏显示: the walls of the account's area (empty without the steer capability), who it is, and the city. */
  steer: { walls: readonly WallStatus[]; username: string; cityCode: string; onStatus: (w: WallStatus) => void };
}

/**
 * One case over the page: what and where, its SLA clock, its timeline (GET /api/cases/:id), and
 * 督办 in one tap with an editable note (a commander's; POST /api/cases/:id/supervise). The
 * timeline shown after an urging is the server's answer, so what the tablet shows is what is stored.
 */
export function CaseSheet({ id, canSupervise, t, w, now, onClose, steer }: CaseSheetProps) {
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState(DEFAULT_SUPERVISE_NOTE);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  useEffect(() => {
    const abort = new AbortController();
    setDetail(null);
    setError(null);
    setDone(false);
    fetchCase(id, abort.signal).then(setDetail, (err: unknown) => {
      if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err));
    });
    return () => abort.abort();
  }, [id]);

  const supervise = () => {
    if (!detail || busy) return;
    setBusy(true);
    setError(null);
    superviseCase(detail.id, note.trim(), detail.version).then(
      (after) => {
        setDetail(after);
        setDone(true);
        setBusy(false);
      },
      (err: unknown) => {
        setError(t.superviseFailed(err instanceof LeadApiError || err instanceof Error ? err.message : String(err)));
        setBusy(false);
      },
    );
  };

  const clock = detail?.clock;
  return (
    <div className="lead-sheet" role="dialog" aria-modal="true" aria-label={t.caseTitle} data-testid="case-sheet">
      <div className="lead-sheet__bar">
        <h2>{t.caseTitle}</h2>
        <button type="button" className="lead-button" onClick={onClose}>
          {t.close}
        </button>
      </div>
      {detail ? (
        <div className="lead-sheet__body">
          <p className="lead-sheet__what">
            <span className={`lead-urgency lead-urgency--${detail.urgency}`}>{w.urgency[detail.urgency]}</span> {w.categoryName(detail.category)} · {w.status[detail.status]}
            {detail.supervised ? <span className="lead-tag lead-tag--supervised">{t.supervised(detail.supervised.count)}</span> : null}
          </p>
          <p>{detail.description}</p>
          {detail.address ? <p className="lead-muted">{detail.address}</p> : null}
          <div className={`lead-clock${clock?.overdue ? ' lead-clock--overdue' : ''}`} data-testid="sla-clock">
            {clock && clock.msLeft !== null ? (clock.overdue ? t.slaOverdue(t.duration(clock.msLeft)) : t.slaLeft(t.duration(clock.msLeft))) : t.slaNone}
            {clock && clock.stageMsLeft !== null && !clock.stageOverdue ? <span className="lead-muted"> · {t.stageLeft(t.duration(clock.stageMsLeft))}</span> : null}
          </div>
          <ShowOnWall caseId={detail.id} walls={wallsForCase(steer.walls, steer.username, detail.area.grid, steer.cityCode)} t={t} onStatus={steer.onStatus} />
          {canSupervise && OPEN_STATUSES.has(detail.status) ? (
            <div className="lead-supervise">
              <label className="lead-supervise__label">
                {t.superviseNote}
                <textarea value={note} maxLength={500} rows={2} onChange={(e) => setNote(e.target.value)} data-testid="supervise-note" />
              </label>
              <button type="button" className="lead-button lead-button--primary" onClick={supervise} disabled={busy} data-testid="supervise">
                {done ? t.superviseDone : t.superviseButton}
              </button>
            </div>
          ) : !canSupervise ? (
            <p className="lead-muted">{t.superviseOnlyCommander}</p>
          ) : null}
          {error ? <p className="lead-error" role="alert">{error}</p> : null}
          <h3>{t.timeline}</h3>
          <ol className="lead-timeline" data-testid="timeline">
            {detail.timeline.map((e, i) => (
              <li key={i} className={`lead-timeline__item lead-timeline__item--${e.action}`} data-action={e.action}>
                <span className="lead-timeline__time">{beijingStamp(Date.parse(e.at), now)}</span>
                <span className="lead-timeline__action">{t.action[e.action] ?? e.action}</span>
                {'actor' in e ? <span className="lead-muted">{t.by(e.actor.id)}</span> : null}
                {'note' in e && e.note ? <span className="lead-timeline__note">{e.note}</span> : null}
              </li>
            ))}
          </ol>
        </div>
      ) : error ? (
        <p className="lead-error" role="alert">{error}</p>
      ) : (
        <p className="lead-empty">{t.loading}</p>
      )}
    </div>
  );
}
