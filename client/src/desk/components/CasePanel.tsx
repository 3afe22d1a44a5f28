import { useEffect, useRef, useState } from 'react';
import { can, type Principal } from '../../../../shared/src/access/principal.js';
import type { CaseDetail } from '../../../../shared/src/api/cases.js';
import type { CaseStatus } from '../../../../shared/src/cases/caseModel.js';
import { ACTION_NAMES, type Action } from '../../../../shared/src/cases/lifecycle.js';
import { useNow } from '../../hooks/useNow.js';
import { DeskApiError, fetchCase, postAction, unmaskReporter } from '../api/deskApi.js';
import { commonStrings, durationText, type DeskStrings } from '../i18n/deskStrings.js';
import { ACTION_FIELD, actionBody, actionsFor } from '../state/caseActions.js';
import { caseTime } from './caseTime.js';

interface Props {
  t: DeskStrings;
  id: string;
  principal: Principal;
  mayAct: boolean;
  /** The case's status as the live stream last saw it: a change reloads the panel. */
  liveStatus: CaseStatus | null;
  /** Changes on a resync: the panel loads the case again. */
  reloads: number;
  onClose: () => void;
  /** An action was taken: the table shows the new state. */
  onChanged: () => void;
  onPlace: (place: { lon: number; lat: number } | null) => void;
  lang: 'zh' | 'en';
}

/** A timeline entry's name: the report, a lifecycle action, or 督办 (an urging that keeps the status). */
function eventName(t: DeskStrings, action: string): string {
  if (action === 'report') return t.lang === 'zh' ? '上报' : 'Reported';
  if (action === 'supervise') return t.lang === 'zh' ? '督办' : 'Urged';
  return action in ACTION_NAMES ? t.action(action as Action) : action;
}

type Notice = { kind: 'conflict' } | { kind: 'refused'; message: string } | { kind: 'done'; action: Action } | null;

/** The SLA clock: ms left at `loadedAt`, counted down live to `now`. */
function clockText(t: DeskStrings, msLeft: number | null, loadedAt: number, now: number): { text: string; overdue: boolean } {
  if (msLeft === null) return { text: t.panel.noClock, overdue: false };
  const left = msLeft - (now - loadedAt);
  return left < 0 ? { text: t.panel.overdue(durationText(left, t.lang)), overdue: true } : { text: t.panel.left(durationText(left, t.lang)), overdue: false };
}

/**
 * One case beside the table: details, its place, the reporter (masked unless unmasked), the whole
 * timeline, the SLA clocks counting down, and the actions its state and the person's role allow.
 * What is typed stays through a refused action and through a reload after someone else acted.
 */
export function CasePanel({ t, id, principal, mayAct, liveStatus, reloads, onClose, onChanged, onPlace, lang }: Props) {
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [loadedAt, setLoadedAt] = useState(0);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [drafts, setDrafts] = useState<Partial<Record<Action, string>>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [reporter, setReporter] = useState<{ name?: string; phone?: string } | null>(null);
  const [reloadCount, setReloadCount] = useState(0);
  const now = useNow(1000);
  const panel = useRef<HTMLElement>(null);
  const common = commonStrings(lang);

  useEffect(() => {
    const abort = new AbortController();
    fetchCase(id, abort.signal).then(
      (d) => {
        setDetail(d);
        setLoadedAt(Date.now());
        setLoadError(null);
      },
      (e: unknown) => {
        if (!abort.signal.aborted) setLoadError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => abort.abort();
  }, [id, reloads, reloadCount]);

  // Someone else moved the case: the stream says so, the panel loads it again.
  useEffect(() => {
    if (detail && liveStatus && liveStatus !== detail.status) setReloadCount((n) => n + 1);
  }, [liveStatus, detail]);

  useEffect(() => {
    onPlace(detail ? { lon: detail.lon, lat: detail.lat } : null);
  }, [detail, onPlace]);
  useEffect(() => () => onPlace(null), [onPlace]);

  useEffect(() => {
    panel.current?.focus();
  }, [id]);

  const actions = detail && mayAct ? actionsFor(principal, detail.allowed) : [];

  const act = async (action: Action) => {
    if (!detail || busy) return;
    const body = actionBody(action, drafts[action] ?? '', detail.version);
    if (!body) {
      setNotice({ kind: 'refused', message: ACTION_FIELD[action] === 'note' ? t.panel.noteRequired : t.panel.reasonRequired });
      return;
    }
    setBusy(true);
    try {
      const after = await postAction(detail.id, body);
      setDetail(after);
      setLoadedAt(Date.now());
      setDrafts((d) => ({ ...d, [action]: '' }));
      setNotice({ kind: 'done', action });
      onChanged();
    } catch (e) {
      if (e instanceof DeskApiError && e.status === 409) {
        // Someone acted first (or the state no longer allows it): show the case as it is now.
        setNotice({ kind: 'conflict' });
        setReloadCount((n) => n + 1);
        onChanged();
      } else {
        setNotice({ kind: 'refused', message: e instanceof Error ? e.message : String(e) });
      }
    } finally {
      setBusy(false);
    }
  };

  const onKey = (e: React.KeyboardEvent) => {
    const typing = e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLInputElement;
    if (e.key === 'Escape') onClose();
    else if (!typing && (e.key === 'd' || e.key === 'D') && actions.includes('dispatch')) {
      e.preventDefault();
      void act('dispatch');
    }
  };

  const clock = detail ? clockText(t, detail.clock.msLeft, loadedAt, now) : null;
  const stage = detail ? clockText(t, detail.clock.stageMsLeft, loadedAt, now) : null;
  const shownReporter = reporter ?? detail?.reporter ?? null;

  return (
    <aside className="desk-case-panel" ref={panel} tabIndex={-1} onKeyDown={onKey} data-testid="desk-case-panel" data-id={id} data-status={detail?.status ?? ''} data-version={detail?.version ?? ''}>
      <header>
        <h2>{t.panel.details}</h2>
        <button type="button" onClick={onClose} data-testid="desk-case-close">
          {t.panel.close}
        </button>
      </header>
      {loadError ? <p className="desk-error">{loadError}</p> : null}
      {!detail ? (
        <p>{t.loading}</p>
      ) : (
        <>
          {notice?.kind === 'conflict' ? (
            <p className="desk-conflict" role="alert" data-testid="desk-conflict">
              {t.panel.conflict}
            </p>
          ) : null}
          {notice?.kind === 'refused' ? (
            <p className="desk-error" role="alert" data-testid="desk-refused">
              {t.panel.refused(notice.message)}
            </p>
          ) : null}
          {notice?.kind === 'done' ? (
            <p className="desk-done" role="status">
              {t.panel.done(t.action(notice.action))}
            </p>
          ) : null}
          <dl className="desk-case-facts">
            <dt>{t.table.columns.id}</dt>
            <dd className="mono">{detail.id}</dd>
            <dt>{t.table.columns.status}</dt>
            <dd data-testid="desk-case-status">
              {common.status[detail.status]} <small>{t.panel.version(detail.version)}</small>
            </dd>
            <dt>{t.table.columns.category}</dt>
            <dd>
              {common.categoryName(detail.category)} · {detail.subcategory}
            </dd>
            <dt>{t.table.columns.urgency}</dt>
            <dd>{common.urgency[detail.urgency]}</dd>
            <dt>{t.filters.channel}</dt>
            <dd>{t.channel(detail.channel)}</dd>
            <dt>{t.table.columns.time}</dt>
            <dd>{caseTime(detail.times.reported, lang)}</dd>
            <dt>{t.panel.place}</dt>
            <dd>
              {detail.address ?? ''} <small className="mono">{detail.area.grid} · {detail.lon.toFixed(5)}, {detail.lat.toFixed(5)}</small>
            </dd>
            <dt>{t.panel.reporter}</dt>
            <dd data-testid="desk-reporter">
              {shownReporter ? [shownReporter.name, shownReporter.phone].filter(Boolean).join(' ') : t.panel.noReporter}
              {shownReporter && !reporter && can(principal, 'unmask') ? (
                <button type="button" className="desk-link" onClick={() => unmaskReporter(detail.id).then(setReporter, (e: unknown) => setNotice({ kind: 'refused', message: String(e) }))}>
                  {t.panel.unmask}
                </button>
              ) : null}
            </dd>
          </dl>
          <p className="desk-description">{detail.description}</p>
          <div className="desk-clocks">
            <span className={clock?.overdue ? 'overdue' : ''} data-testid="desk-clock">
              {t.panel.clock}：{clock?.text}
            </span>
            <span className={stage?.overdue ? 'overdue' : ''}>
              {t.panel.stageClock}：{stage?.text}
            </span>
          </div>
          <h3>{t.panel.actions}</h3>
          <div className="desk-actions" data-testid="desk-actions">
            {!mayAct ? <p className="desk-muted">{t.panel.readOnly}</p> : actions.length === 0 ? <p className="desk-muted">{t.panel.noActions}</p> : null}
            {actions.map((a) => {
              const field = ACTION_FIELD[a];
              return (
                <div key={a} className="desk-action">
                  {field !== null || a === 'dispatch' ? (
                    <textarea
                      value={drafts[a] ?? ''}
                      onChange={(e) => setDrafts((d) => ({ ...d, [a]: e.target.value }))}
                      placeholder={field === 'reason' ? t.panel.reason : field === 'note' ? t.panel.noteRequired : t.panel.note}
                      aria-label={`${t.action(a)} ${field === 'reason' ? t.panel.reason : t.panel.note}`}
                      data-field={a}
                      // Unsent text here holds a reload after a deploy (useBuildReload) until it is sent or cleared.
                      data-draft
                      rows={2}
                      maxLength={500}
                    />
                  ) : null}
                  <button type="button" disabled={busy} data-action={a} onClick={() => void act(a)}>
                    {a === 'dispatch' ? t.panel.oneKey : t.action(a)}
                  </button>
                </div>
              );
            })}
          </div>
          <h3>{t.panel.timeline}</h3>
          <ol className="desk-timeline" data-testid="desk-timeline">
            {detail.timeline.map((e, i) => (
              <li key={i}>
                <time>{caseTime(e.at, lang)}</time> <strong>{eventName(t, e.action)}</strong> → {common.status[e.to]}
                {'actor' in e ? <small> · {e.actor.id}</small> : null}
                {'note' in e && e.note ? <p>{e.note}</p> : null}
              </li>
            ))}
          </ol>
        </>
      )}
    </aside>
  );
}
