import { useMemo } from 'react';
import { levelOfCode } from '../../../../shared/src/city/codes.js';
import type { OverviewAreas } from '../../api/loadCity.js';
import { useAreaNames } from '../../hooks/useAreaNames.js';
import { useStrings } from '../../i18n/useStrings.js';
import type { Stage } from '../layout/canvasScale.js';
import type { PanelLayout } from '../layout/panelLayout.js';
import type { TakeoverItem } from '../alerts/takeover.js';
import type { LiveFeedState } from '../../live/useAreaFeed.js';
import { AlertPanel } from './AlertPanel.js';
import { CaseFeedPanel } from './CaseFeedPanel.js';
import { CategoryChart } from './CategoryChart.js';
import { ChildrenPanel } from './ChildrenPanel.js';
import { FreshnessLine } from './FreshnessLine.js';
import { GridStaffPanel } from './GridStaffPanel.js';
import { KpiPanel } from './KpiPanel.js';
import { PartyPanel } from './PartyPanel.js';
import { usePartySummary } from '../../hooks/useParty.js';
import { Panel } from './Panel.js';
import { kpiPanelTitle } from './selectionMessage.js';
import { TakeoverCard } from './TakeoverCard.js';
import { TrendChart } from './TrendChart.js';

export interface LivePanelsProps {
  area: string;
  /** The live feed of `area` (useAreaFeed in Wall: the takeover watches it too). */
  feed: LiveFeedState;
  /** The alarm holding the wall, shown as a card over the map. */
  takeover: TakeoverItem | null;
  overview: OverviewAreas;
  layout: PanelLayout;
  stage: Stage;
}

/** Every panel fed by the followed area's live stream, the freshness line and the takeover card. */
export function LivePanels({ area, feed, takeover, overview, layout, stage }: LivePanelsProps) {
  const t = useStrings();
  const { view, connected, heardAt, refusal, update } = feed;
  const detail = useAreaNames(area);
  const party = usePartySummary(area);
  // The overview names every district and street at once; the API adds the area's own children.
  const names = useMemo(() => {
    const all = new Map<string, string>();
    for (const f of [...overview.city, ...overview.districts, ...overview.streets]) all.set(f.properties.code, f.properties.name);
    for (const [code, name] of detail?.names ?? []) all.set(code, name);
    return all;
  }, [overview, detail]);
  const { panels, rowHeight } = layout;
  // Boards are keyed by area and size: another area or layout starts a fresh board.
  const boardKey = `${area}:${layout.feedRows}:${layout.childRows}`;
  // Charts draw at the device pixels their design units cover (see useEchart).
  const chartPixelRatio = Math.max(stage.physicalScale.x, stage.physicalScale.y);
  return (
    <>
      <FreshnessLine connected={connected} heardAt={heardAt} refusal={refusal} update={update} />
      <Panel rect={panels.kpi} title={kpiPanelTitle(area, names, refusal, t)} testId="live-panel">
        <KpiPanel aggregate={view?.aggregate ?? null} kpis={view?.kpis ?? null} />
      </Panel>
      <Panel rect={panels.category} title={t.categoryPanel} testId="category-panel">
        <CategoryChart
          byCategory={view?.aggregate.byCategory ?? null}
          bars={layout.categoryBars}
          pixelRatio={chartPixelRatio}
        />
      </Panel>
      <Panel rect={panels.trend} title={t.trendPanel} testId="trend-panel">
        <TrendChart trend={view?.trend ?? null} pixelRatio={chartPixelRatio} />
      </Panel>
      <Panel rect={panels.feed} title={t.feedPanel} testId="feed-panel">
        <CaseFeedPanel key={boardKey} latest={view?.latest ?? null} names={names} visibleRows={layout.feedRows} rowHeight={rowHeight} />
      </Panel>
      {levelOfCode(area) === 'grid' ? (
        <Panel rect={panels.children} title={t.gridStaffPanel} testId="children-panel">
          <GridStaffPanel key={boardKey} grid={area} visibleRows={layout.childRows} rowHeight={rowHeight} />
        </Panel>
      ) : (
        <Panel rect={panels.children} title={t.childrenPanel(detail?.childLevel ?? null)} testId="children-panel">
          <ChildrenPanel key={boardKey} children={view?.aggregate.children ?? null} ranking={view?.ranking ?? null} names={names} visibleRows={layout.childRows} rowHeight={rowHeight} />
        </Panel>
      )}
      <Panel rect={panels.alerts} title={t.alertsPanel} testId="alerts-panel">
        <AlertPanel alerts={view?.alerts ?? null} names={names} rows={layout.alertRows} />
      </Panel>
      <Panel rect={panels.party} title={t.partyPanel} testId="party-panel">
        <PartyPanel summary={party?.area.code === area ? party : null} />
      </Panel>
      {takeover && <TakeoverCard item={takeover} names={names} insets={layout.mapInsets} />}
    </>
  );
}
