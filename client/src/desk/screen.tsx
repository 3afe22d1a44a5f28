import { useEffect, useMemo, useRef, useState } from 'react';
import { can, withinScope, type Principal } from '../../../shared/src/access/principal.js';
import { useAreaFeed } from '../live/useAreaFeed.js';
import { useThrottled } from '../hooks/useThrottled.js';
import { PartyFigures } from '../figures/PartyFigures.js';
import { fetchArea, fetchBreakdown, fetchKpis, fetchMe, type AreaInfo } from './api/deskApi.js';
import { FIRST } from './api/heavyQueue.js';
import { nextLiveRefresh, NO_LIVE_REFRESH } from './state/liveRefresh.js';
import { Breadcrumb } from './components/Breadcrumb.js';
import { BreakdownChart } from './components/BreakdownChart.js';
import { CasePanel } from './components/CasePanel.js';
import { CaseTable } from './components/CaseTable.js';
import { DeskHeader } from './components/DeskHeader.js';
import { DeskMap } from './components/DeskMap.js';
import { FilterBar } from './components/FilterBar.js';
import { KpiStrip } from './components/KpiStrip.js';
import { MyCases } from './components/MyCases.js';
import { Ranking } from './components/Ranking.js';
import { SubcategoryChart } from './components/SubcategoryChart.js';
import { DeskReplay } from './replay/DeskReplay.js';
import type { LayerSource } from '../map/replay/layerSource.js';
import { useDeskUrl } from './hooks/useDeskUrl.js';
import { lastOf, useLoaded } from './hooks/useLoaded.js';
import { DESK_STRINGS } from './i18n/deskStrings.js';
import { breakdownUrl, filterParams, kpisUrl } from './state/deskQuery.js';
import { addFilter, drillTo, type DeskState } from './state/deskUrl.js';
import { newSinceOpened } from './state/newCases.js';
import './desk.css';

/** Figures follow the live stream at most this often (each refresh is a few grouped queries). */
const FIGURES_REFRESH_MS = 5000;

/** 研判处置工作台: the desk for everyone signed in, opening on the account's own area. */
export default function DeskScreen() {
  const me = useLoaded('me', fetchMe);
  const principal = me.status === 'ready' ? me.value : null;
  const [state, navigate] = useDeskUrl();
  const t = DESK_STRINGS[state.lang];

  useEffect(() => {
    document.documentElement.lang = t.locale;
    document.title = `${t.title} · 郑州市城市运行一屏观全域`;
  }, [t]);

  if (me.status === 'error') {
    return (
      <div className={`desk desk-${state.theme}`}>
        <p className="desk-error" role="alert">
          {me.message} <a href={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>/login</a>
        </p>
      </div>
    );
  }
  if (!principal) return <div className={`desk desk-${state.theme}`}>{t.loading}</div>;
  return <Desk principal={principal} state={state} navigate={navigate} />;
}

function Desk({ principal, state, navigate }: { principal: Principal; state: DeskState; navigate: (next: DeskState, options?: { replace?: boolean }) => void }) {
  const t = DESK_STRINGS[state.lang];
  const cityCode = '410100';
  // An area outside the account's own is never asked for: the desk opens on its own area instead.
  const area = state.area && withinScope(state.area, principal.scope, cityCode) ? state.area : principal.scope;
  useEffect(() => {
    if (state.area !== area) navigate({ ...state, area }, { replace: true });
  }, [state, area, navigate]);

  const feed = useAreaFeed(area);
  // A connection that comes back (or a first snapshot) starts everything from the server again.
  const [resyncs, setResyncs] = useState(0);
  const wasConnected = useRef(feed.connected);
  useEffect(() => {
    if (feed.connected && !wasConnected.current) setResyncs((n) => n + 1);
    wasConnected.current = feed.connected;
  }, [feed.connected]);
  // Figures move with the stream: each move of the area's total asks again, at most every 5 s
  // (not the area's first snapshot: the view's queries already ask for it, nextLiveRefresh).
  const [live, setLive] = useState(NO_LIVE_REFRESH);
  const nextLive = nextLiveRefresh(live, area, feed.view?.aggregate.total ?? null);
  if (nextLive !== live) setLive(nextLive);
  const liveMoves = useThrottled(nextLive.moves, FIGURES_REFRESH_MS);
  const figuresKey = `${resyncs}:${liveMoves}`;

  const areaInfo = useLoaded<AreaInfo>(area, (signal) => fetchArea(area, signal));
  const info = lastOf(areaInfo);
  const kpis = useLoaded(`${kpisUrl(state, area)}#${figuresKey}`, (signal) => fetchKpis(kpisUrl(state, area), signal));
  const byCategory = useLoaded(`${breakdownUrl(state, area, 'category')}#${figuresKey}`, (signal) => fetchBreakdown(breakdownUrl(state, area, 'category'), signal));
  const byUrgency = useLoaded(`${breakdownUrl(state, area, 'urgency')}#${figuresKey}`, (signal) => fetchBreakdown(breakdownUrl(state, area, 'urgency'), signal));
  const byArea = useLoaded(`${breakdownUrl(state, area, 'area')}#${figuresKey}`, (signal) => fetchBreakdown(breakdownUrl(state, area, 'area'), signal, FIRST));

  // The table does not move under the reader: it reloads on a view change, a resync or a click.
  const [tableReloads, setTableReloads] = useState(0);
  const [openedAt, setOpenedAt] = useState(() => Date.now());
  const newCount = newSinceOpened(feed.view?.latest ?? [], state, openedAt);

  const mayAct = can(principal, 'act');
  const liveCase = state.caseId ? (feed.view?.latest.find((c) => c.id === state.caseId) ?? null) : null;
  const names = useMemo(() => new Map(info ? [info.node, ...info.ancestors, ...info.children].map((n) => [n.code, n.name] as const) : []), [info]);

  const drill = (code: string) => navigate(drillTo(state, code));
  const [casePlace, setCasePlace] = useState<{ lon: number; lat: number } | null>(null);
  // 回放: while a replay is loaded the map shows it instead of the live points.
  const [replay, setReplay] = useState<LayerSource | null>(null);

  return (
    <div className={`desk desk-${state.theme}`} data-testid="desk" data-area={area}>
      <DeskHeader t={t} principal={principal} state={state} navigate={navigate} area={area} areaName={info?.node.code === area ? info.node.name : area} feed={feed} />
      <Breadcrumb t={t} info={info?.node.code === area ? info : null} scope={principal.scope} cityCode={cityCode} onDrill={drill} />
      <FilterBar t={t} state={state} navigate={navigate} area={area} mayExport={can(principal, 'export')} />
      {principal.role === 'grid_worker' || principal.workerId ? <MyCases t={t} state={state} principal={principal} navigate={navigate} reloads={resyncs + tableReloads} /> : null}
      <KpiStrip t={t} kpis={kpis} state={state} onKpi={(kpi) => navigate({ ...state, filters: { ...state.filters, kpi }, caseId: null })} />
      <section className="desk-panel desk-party" data-testid="desk-party">
        <PartyFigures area={area} lang={state.lang} variant="desk" onCases={(party, days) => navigate({ ...state, period: { kind: 'range', ...days }, filters: { ...state.filters, party }, caseId: null })} />
      </section>
      <DeskReplay area={area} lang={state.lang} onSource={setReplay} />
      <div className="desk-main">
        <DeskMap
          t={t}
          area={area}
          theme={state.theme}
          childCounts={lastOf(byArea)}
          query={replay ? null : filterParams(state, { area }).toString()}
          reloadKey={figuresKey}
          replay={replay}
          selected={state.caseId ? casePlace : null}
          onDrill={drill}
          onCase={(id) => navigate({ ...state, caseId: id })}
        />
        <Ranking t={t} info={info?.node.code === area ? info : null} breakdown={byArea} onDrill={drill} />
        <div className="desk-charts">
          <BreakdownChart t={t} title={t.charts.category} name="category" breakdown={byCategory} theme={state.theme} onBar={(key) => navigate(addFilter(state, 'category', key))} />
          <BreakdownChart t={t} title={t.charts.urgency} name="urgency" breakdown={byUrgency} theme={state.theme} onBar={(key) => navigate(addFilter(state, 'urgency', key))} />
          <SubcategoryChart t={t} state={state} area={area} refresh={figuresKey} navigate={navigate} />
        </div>
      </div>
      <CaseTable
        t={t}
        state={state}
        area={area}
        names={names}
        reloads={resyncs + tableReloads}
        newCount={newCount}
        onRefresh={() => {
          setOpenedAt(Date.now());
          setTableReloads((n) => n + 1);
        }}
        navigate={navigate}
      />
      {state.caseId ? (
        <CasePanel
          key={state.caseId}
          t={t}
          id={state.caseId}
          principal={principal}
          mayAct={mayAct}
          liveStatus={liveCase?.status ?? null}
          reloads={resyncs}
          onClose={() => navigate({ ...state, caseId: null })}
          onChanged={() => setTableReloads((n) => n + 1)}
          onPlace={setCasePlace}
          lang={state.lang}
        />
      ) : null}
    </div>
  );
}
