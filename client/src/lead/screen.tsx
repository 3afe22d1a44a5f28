import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { can } from '../../../shared/src/access/principal.js';
import { PartyFigures } from '../figures/PartyFigures.js';
import { rankChildren } from '../figures/rankChildren.js';
import { useAreaNames } from '../hooks/useAreaNames.js';
import { useNow } from '../hooks/useNow.js';
import { STRINGS } from '../i18n/strings.js';
import { useAreaFeed } from '../live/useAreaFeed.js';
import { AreaMap } from './components/AreaMap.js';
import { CaseList } from './components/CaseList.js';
import { CaseSheet } from './components/CaseSheet.js';
import { ConnectionBadge } from './components/ConnectionBadge.js';
import { KpiCards } from './components/KpiCards.js';
import { RankList } from './components/RankList.js';
import { SteerPanel } from './components/SteerPanel.js';
import { TrendCard } from './components/TrendCard.js';
import { LEAD_STRINGS } from './i18n/leadStrings.js';
import { installApp } from './pwa/installApp.js';
import { compareKpis } from './state/kpiCompare.js';
import { leadSearch, parseLeadUrl, upFrom, type LeadUrl } from './state/leadNav.js';
import { rankMarks } from './state/rankMarks.js';
import { useAreaShapes } from './state/useAreaShapes.js';
import { useLeaderCases, useSession, useYesterdayKpis } from './state/useLeadData.js';
import { useWalls } from './state/useWalls.js';
import './lead.css';

/** A horizontal swipe this long (CSS px), mostly sideways, goes back up one level. */
const SWIPE_PX = 80;

/**
 * 领导驾驶舱: the leaders' tablet screen at /lead. Touch first, for tablets (768–1366 px wide,
 * either way round) and phones: today's KPIs beside yesterday's, the children ranked, overdue and
 * major cases, the 24-hour trend and a small map, all on the wall's live stream. Tap a unit (row or
 * map) to drill in, swipe right or tap back to come up; tap a case for its timeline, SLA clock and
 * 督办. The URL keeps the area (?area=) and language (?lang=), so the browser's back works too.
 */
export default function LeadScreen() {
  const [url, setUrl] = useState<LeadUrl>(() => parseLeadUrl(location.search));
  const t = LEAD_STRINGS[url.lang];
  const w = STRINGS[url.lang];
  const session = useSession();
  const ready = session.status === 'ready' ? session : null;
  const area = ready ? (url.area ?? ready.me.scope) : null;
  const feed = useAreaFeed(area);
  const names = useAreaNames(area ?? '');
  const now = useNow(30_000);
  const [openCase, setOpenCase] = useState<string | null>(null);
  const [acted, setActed] = useState(0);

  useEffect(() => installApp(), []);
  useEffect(() => {
    document.documentElement.lang = w.locale;
    document.title = t.title;
  }, [w.locale, t.title]);
  useEffect(() => {
    const onPop = () => setUrl(parseLeadUrl(location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const go = useCallback(
    (next: LeadUrl) => {
      history.pushState(null, '', `/lead${leadSearch(next)}`);
      setUrl(next);
      setOpenCase(null);
    },
    [],
  );
  const drill = useCallback((code: string) => go({ ...url, area: code }), [go, url]);
  const up = ready && area ? upFrom(area, ready.me.scope, ready.cityCode) : null;
  const back = useCallback(() => {
    if (up) go({ ...url, area: up });
  }, [go, up, url]);

  const view = feed.view;
  const yesterday = useYesterdayKpis(area, now);
  const rows = useMemo(() => compareKpis(view?.kpis ?? null, yesterday), [view?.kpis, yesterday]);
  const children = useMemo(() => view?.aggregate.children ?? {}, [view?.aggregate.children]);
  const entries = useMemo(() => (view ? rankChildren(children, view.ranking) : []), [view, children]);
  const marks = useMemo(() => rankMarks(entries), [entries]);
  const supervisedSum = view?.latest.reduce((n, c) => n + (c.supervised?.count ?? 0), 0) ?? 0;
  const version = view ? `${view.aggregate.open}|${view.aggregate.overdue}|${view.aggregate.total}|${supervisedSum}|${feed.connected}|${acted}` : `${acted}`;
  const cases = useLeaderCases(area, version);
  const shapes = useAreaShapes(area);
  const nameMap = names?.names ?? new Map<string, string>();
  const canSteer = ready !== null && can(ready.me, 'steer');
  const [walls, applyWall] = useWalls(feed.socket, canSteer);

  // Swipe right to come up a level (not while a case is open: its sheet scrolls on its own).
  const start = useRef<{ x: number; y: number } | null>(null);
  const onTouchStart = (e: React.TouchEvent) => {
    const touch = e.touches[0];
    start.current = touch && e.touches.length === 1 ? { x: touch.clientX, y: touch.clientY } : null;
  };
  const onTouchEnd = (e: React.TouchEvent) => {
    const from = start.current;
    const touch = e.changedTouches[0];
    start.current = null;
    if (!from || !touch || openCase) return;
    const dx = touch.clientX - from.x;
    const dy = touch.clientY - from.y;
    if (dx > SWIPE_PX && Math.abs(dy) < dx / 2) back();
  };

  const langHref = `/lead${leadSearch({ ...url, lang: url.lang === 'zh' ? 'en' : 'zh' })}`;
  if (session.status !== 'ready') {
    return (
      <div className="lead" data-testid="lead">
        <div className="lead-message" role="status" data-testid="lead-message">
          {session.status === 'loading' ? t.loading : session.status === 'offline' ? t.offline : <a href={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>{t.signIn}</a>}
        </div>
      </div>
    );
  }

  return (
    <div className="lead" data-testid="lead" onTouchStart={onTouchStart} onTouchEnd={onTouchEnd}>
      <header className="lead-bar">
        {up ? (
          <button type="button" className="lead-button lead-back" onClick={back} data-testid="lead-back" aria-label={t.back}>
            ‹ {nameMap.get(up) ?? t.back}
          </button>
        ) : null}
        <h1 className="lead-bar__title" data-testid="lead-area">
          {names?.name ?? area}
        </h1>
        <ConnectionBadge connected={feed.connected} heardAt={feed.heardAt} update={feed.update} t={t} />
        <a className="lead-button lead-lang" href={langHref}>
          {url.lang === 'zh' ? 'EN' : '中文'}
        </a>
      </header>
      {feed.refusal ? <p className="lead-error" role="alert">{t.notAllowed(feed.refusal.area)}</p> : null}
      <main className="lead-grid">
        <section className="lead-card lead-card--kpis">
          <h2>
            {t.today} <span className="lead-muted">· {t.yesterday}</span>
          </h2>
          <KpiCards rows={rows} open={view?.aggregate.open ?? null} t={t} locale={w.locale} />
        </section>
        <section className="lead-card lead-card--rank">
          <h2>
            {t.rankingTitle(names?.childLevel ?? null)} <span className="lead-muted">{entries.length > 0 ? t.rankHint : ''}</span>
          </h2>
          {view ? <RankList entries={entries} marks={marks} names={nameMap} children={children} t={t} onPick={drill} /> : <p className="lead-empty">{t.loading}</p>}
        </section>
        <section className="lead-card lead-card--overdue">
          <h2>
            {t.overdueTitle} <span className="lead-count">{cases.overdueTotal}</span>
          </h2>
          <CaseList cases={cases.overdue} t={t} w={w} now={now} onOpen={setOpenCase} testId="lead-overdue" />
        </section>
        <section className="lead-card lead-card--major">
          <h2>
            {t.majorTitle} <span className="lead-count">{cases.majorTotal}</span>
          </h2>
          <CaseList cases={cases.major} t={t} w={w} now={now} onOpen={setOpenCase} testId="lead-major" />
        </section>
        <section className="lead-card lead-card--trend">
          <h2>{t.trendTitle}</h2>
          <TrendCard trend={view?.trend ?? null} t={t} />
        </section>
        <section className="lead-card lead-card--party">
          <PartyFigures area={area} lang={url.lang} variant="lead" />
        </section>
        <section className="lead-card lead-card--map">
          <h2>{t.mapTitle}</h2>
          <AreaMap shapes={shapes} children={view?.aggregate.children ?? null} onPick={(code) => code !== area && drill(code)} label={t.mapTitle} metric={t.kpi.open} locale={w.locale} />
        </section>
        {canSteer && area ? (
          <section className="lead-card lead-card--steer">
            <h2>{t.steerTitle}</h2>
            <SteerPanel walls={walls} area={area} names={nameMap} t={t} onStatus={applyWall} />
          </section>
        ) : null}
      </main>
      {openCase ? (
        <CaseSheet
          id={openCase}
          canSupervise={can(session.me, 'supervise')}
          t={t}
          w={w}
          now={now}
          steer={{ walls: walls.status === 'ready' && canSteer ? walls.walls : [], username: session.me.username, cityCode: session.cityCode, onStatus: applyWall }}
          onClose={() => {
            setOpenCase(null);
            setActed((n) => n + 1);
          }}
        />
      ) : null}
    </div>
  );
}
