import { useEffect, useMemo, useRef } from 'react';
import { createPortal } from 'react-dom';
import type { CityData } from '../../api/loadCity.js';
import { unionBox } from '../../map/geo/areaFeatures.js';
import { detailShown, districtsToLoad } from '../../map/geo/detailLevels.js';
import { toLngLatBounds } from '../../map/geo/lonLatBox.js';
import { TAKEOVER_ZOOM } from '../alerts/takeoverPosition.js';
import { useDistrictDetail } from '../../hooks/useDistrictDetail.js';
import { useWallMap } from '../hooks/useWallMap.js';
import type { WallMap as WallMapHandle } from '../../map/createWallMap.js';
import { baseLayers, liveLayerGroups, mergeLayers } from '../../map/layers/wallLayers.js';
import { mapLabels, NO_LABELS, type MapLabels } from '../../map/layers/mapLabels.js';
import { markDirty } from '../../map/renderProbe.js';
import type { Insets } from '../layout/canvasScale.js';
import { detailDistrictOf, districtOf, resolveSelection, type AreaParam } from '../../area/selection.js';
import { overBasemap, type WallTheme } from '../../theme.js';
import { StatusPanel } from './StatusPanel.js';
import type { FeedView } from '../../../../shared/src/live/areaFeed.js';
import type { CaseSummary, ChildFigures } from '../../../../shared/src/live/events.js';
import { perHouseholds, type CellMetric, type LiveLayerId } from '../../map/layers/liveLayerIds.js';
import { useCasePulse } from '../../live/useCasePulse.js';
import { useOnDutyStaff } from '../../live/useOnDutyStaff.js';
import { useThrottled } from '../../hooks/useThrottled.js';
import { usePartyMap } from '../../hooks/useParty.js';
import { partyLayerGroups } from '../../map/layers/partyLayers.js';
import { useLiveCaseColumns } from '../../live/useCaseColumns.js';
import { useLayerSource, type LayerSource } from '../../map/replay/layerSource.js';
import type { LiveSocket } from '../../../../shared/src/live/socketFeed.js';
import { useGridBuildings } from '../../map/buildings/useGridBuildings.js';
import { BuildingLegend, buildingLegendTitle } from '../../map/buildings/BuildingLegend.js';

/**
 * Space around a framed area inside the free part of the map (map units, added to the panels'
 * insets): the panels' own margin, so that between the panels of 24-unit text a district like
 * 金水区 is still framed at the detail zoom (11) and its neighbours' cells show too.
 */
const FRAME_MARGIN = 24;
const FLY_DURATION_MS = 1200;
/** The live layers follow the feed at most this often. */
const MAP_FEED_MS = 1000;
const EMPTY_CELLS: ReadonlyMap<string, ChildFigures> = new Map<string, ChildFigures>();
const NO_CASES: readonly CaseSummary[] = [];

export interface WallMapProps {
  city: CityData;
  theme: WallTheme;
  /** The URL's area: framed, highlighted, its district's detail loaded. */
  param: AreaParam;
  /** An alarm takeover: the map flies to this point and back to the area when it ends. */
  focus: { key: string; position: [number, number] } | null;
  /** Device pixels per CSS pixel of the map container (Stage.map.pixelRatio). */
  pixelRatio: number;
  /** Where the panels cover the map, in map units: areas are framed in the rest. */
  padding: Insets;
  /** Where the status line goes (on the panel canvas, not in the map layer). */
  statusSlot: HTMLElement | null;
  /** The followed area's live feed (null until its snapshot) and the live layers to draw from it. */
  live: FeedView | null;
  liveLayers: ReadonlySet<LiveLayerId>;
  metric: CellMetric;
  /** The live connection: the map's case columns follow its deltas. */
  socket: LiveSocket | null;
  /** Open cases drawn at most (`?points=`); the rest are counted and shown as a number. */
  pointCap: number;
  /** `?debug=1`: the status line adds zoom, loaded detail and the selected area. */
  debug: boolean;
  /** `?replay=`: the replay's layers, drawn over the others. */
  replay?: LayerSource | null;
}

/** The labels drawn, for tests and DOM inspection: code, text, font size and box [left, top, right, bottom] (map units, rounded). */
function labelsAttribute(labels: MapLabels): string {
  const all = [...labels.districts, ...labels.streets, ...labels.communities];
  return JSON.stringify(all.map(({ code, text, size, box }) => ({ code, text, size, box: [box.left, box.top, box.right, box.bottom].map(Math.round) })));
}

export function WallMap({ city, theme, param, focus, pixelRatio, padding, statusSlot, live, liveLayers, metric, socket, pointCap, debug, replay }: WallMapProps) {
  const replayLayers = useLayerSource(replay);
  const containerRef = useRef<HTMLDivElement>(null);
  const { wallMap, view, basemap } = useWallMap(containerRef, theme, pixelRatio, city.config.basemap?.style ?? null);
  const { overview, areas } = city;
  // Over a basemap the city silhouette must not hide it; on the offline one it is the map.
  const areaTheme = useMemo(() => (basemap === 'loading' || basemap === 'shown' ? overBasemap(theme) : theme), [basemap, theme]);

  // A district outside the account has no geometry URL: nothing to load (the feed's refusal says why).
  const urlDistrict = districtOf(param);
  const focusDistrict = urlDistrict && areas.geometry.districts[urlDistrict] ? urlDistrict : null;
  const districtBoxes = useMemo(() => overview.districts.map((f) => ({ code: f.properties.code, bbox: f.properties.bbox })), [overview]);
  const wanted = useMemo(() => districtsToLoad(view, districtBoxes, focusDistrict), [view, districtBoxes, focusDistrict]);
  const detail = useDistrictDetail(areas.geometry.districts, wanted, liveLayers.has('choropleth') && perHouseholds(metric));

  const detailDistrict = detailDistrictOf(param);
  const selection = resolveSelection(param, overview, detail.ready.find((d) => d.code === detailDistrict));
  const highlight = selection.status === 'found' ? selection.feature : null;

  const zoom = view?.zoom ?? 0;
  // The map follows the feed at most once a second and not at all without live layers: every
  // change redraws the whole map, which a wall without a GPU pays for in seconds (the panels
  // follow every delta). Pulses animate only while the points layer shows.
  const mapFeed = useThrottled(liveLayers.size > 0 ? live : null, MAP_FEED_MS);
  const { pulses, frame } = useCasePulse(liveLayers.has('points') ? mapFeed : null);
  const workers = useOnDutyStaff(live?.area ?? null, liveLayers.has('workers'));
  // The feed updates its cell Map in place. Every change of a cell's figures changes the area's
  // counts too, so they version the cells: a delta carrying only KPIs redraws nothing.
  const a = mapFeed?.aggregate;
  const cellsVersion = mapFeed && a ? `${mapFeed.area}:${a.total}:${a.open}:${a.overdue}:${a.newLastHour}` : '';
  const cells = mapFeed?.cells ?? EMPTY_CELLS;
  const latest = mapFeed?.latest ?? NO_CASES;
  // Every open case of the followed area (not the latest 100): points, and the heat of the last 24 h.
  const wantCases = liveLayers.has('points') || liveLayers.has('heatmap');
  const caseColumns = useLiveCaseColumns(socket, wantCases ? (live?.area ?? null) : null, pointCap);
  const columnsVersion = useThrottled(caseColumns.version, MAP_FEED_MS);
  const casePoints = caseColumns.points;
  const points = useMemo(() => casePoints?.layerData() ?? null, [casePoints, columnsVersion]);
  const liveInput = useMemo(
    () => ({ show: liveLayers, metric, figures: { cells, version: cellsVersion }, latest, pulses, pulseFrame: frame, workers, points, streets: overview.streets }),
    [liveLayers, metric, cells, cellsVersion, latest, pulses, frame, workers, points, overview.streets],
  );
  // Labels are placed for the view at rest, in the map between the title and the panels.
  const labels = useMemo(() => {
    if (!view) return NO_LABELS;
    const free = { left: padding.left, top: padding.top, right: view.width - padding.right, bottom: view.height - padding.bottom };
    return mapLabels({ overview, districts: detail.ready, zoom: view.zoom, focusDistrict }, view, free);
  }, [view, padding, overview, detail.ready, focusDistrict]);
  const labelsJson = useMemo(() => labelsAttribute(labels), [labels]);
  // Outlines and labels on the view alone, live layers on the feed: a delta rebuilds only the latter.
  const base = useMemo(() => baseLayers({ overview, districts: detail.ready, zoom, focusDistrict, highlight, labels }, areaTheme), [overview, detail.ready, zoom, focusDistrict, highlight, labels, areaTheme]);
  const liveGroups = useMemo(() => liveLayerGroups({ districts: detail.ready, zoom, focusDistrict, live: liveInput }), [detail.ready, zoom, focusDistrict, liveInput]);
  // 党建引领 (?layers=centres,coverage): the followed area's centres and grid organisations, fetched per area.
  const showCentres = liveLayers.has('centres');
  const showCoverage = liveLayers.has('coverage');
  const party = usePartyMap(live?.area ?? null, showCentres || showCoverage);
  const partyGroups = useMemo(
    () => partyLayerGroups({ party, districts: detail.ready, zoom, showCentres, showCoverage, shown: (d) => detailShown(d.code, zoom, focusDistrict) }, areaTheme),
    [party, detail.ready, zoom, showCentres, showCoverage, focusDistrict, areaTheme],
  );
  // A followed grid cell's buildings, coloured by the open cases in each, under the case points.
  const buildings = useGridBuildings(wallMap?.map ?? null, containerRef, param.kind === 'code' ? param.code : null, points, 'dark');
  const layers = useMemo(() => mergeLayers(base, liveGroups, partyGroups, buildings.layers).concat(replayLayers), [base, liveGroups, partyGroups, buildings.layers, replayLayers]);
  useEffect(() => {
    if (!wallMap || !containerRef.current) return;
    wallMap.overlay.setProps({ layers });
    markDirty(wallMap.map, containerRef.current);
  }, [wallMap, layers]);

  // Frame the URL's area once it resolves, else the whole city. The first framing jumps (the wall
  // opens on it); later ones fly so viewers keep their bearings. A new layout (window resized)
  // frames again at once.
  const cityBox = useMemo(() => unionBox(overview.city), [overview]);
  const framed = useRef<{ map: WallMapHandle; key: string; padding: string } | null>(null);
  const target = selection.status === 'found' ? { key: selection.code, box: selection.feature.properties.bbox } : { key: 'city', box: cityBox };
  const frameKey = focus ? `focus:${focus.key}` : target.key;
  const focusPosition = focus?.position ?? null;
  const framePadding = useMemo(
    () => ({ top: padding.top + FRAME_MARGIN, right: padding.right + FRAME_MARGIN, bottom: padding.bottom + FRAME_MARGIN, left: padding.left + FRAME_MARGIN }),
    [padding.top, padding.right, padding.bottom, padding.left],
  );
  useEffect(() => {
    if (!wallMap || (!target.box && !focusPosition)) return;
    const paddingKey = JSON.stringify(framePadding);
    const previous = framed.current?.map === wallMap ? framed.current : null;
    if (previous?.key === frameKey && previous.padding === paddingKey) return;
    framed.current = { map: wallMap, key: frameKey, padding: paddingKey };
    const duration = previous === null || previous.key === frameKey ? 0 : FLY_DURATION_MS;
    // `offset`, not `padding`: padding given to flyTo stays on the map and fitBounds would add its own to it.
    const offset: [number, number] = [(framePadding.left - framePadding.right) / 2, (framePadding.top - framePadding.bottom) / 2];
    if (focusPosition) wallMap.map.flyTo({ center: focusPosition, zoom: TAKEOVER_ZOOM, offset, duration });
    else if (target.box) wallMap.map.fitBounds(toLngLatBounds(target.box), { padding: framePadding, duration, maxZoom: 16 });
  }, [wallMap, frameKey, focusPosition, target.box, framePadding]);

  const gridCount = detail.ready.reduce((n, d) => n + (detailShown(d.code, zoom, focusDistrict) ? d.grids.length : 0), 0);
  return (
    <>
      <div
        ref={containerRef}
        className="wall-map"
        data-testid="wall-map"
        data-zoom={zoom.toFixed(2)}
        data-bounds={view ? [view.bounds.west, view.bounds.south, view.bounds.east, view.bounds.north].join(',') : ''}
        data-live-seq={live?.seq ?? ''}
        data-layers-seq={mapFeed?.seq ?? ''}
        data-live-layers={[...liveLayers].join(',')}
        data-workers={workers.length}
        data-party-area={party?.area ?? ''}
        data-party-centres={party?.centres.length ?? ''}
        data-party-grids={party?.grids?.size ?? ''}
        data-detail-districts={detail.ready.map((d) => d.code).join(',')}
        data-grids-drawn={gridCount}
        data-selection={selection.status}
        data-selected={selection.status === 'found' ? selection.code : ''}
        data-focus={focus?.key ?? ''}
        data-labels={labelsJson}
        data-basemap={basemap}
        data-case-points={points?.length ?? ''}
        data-case-points-omitted={casePoints ? casePoints.omitted : ''}
        data-case-points-loads={caseColumns.loads}
      />
      {statusSlot &&
        createPortal(
          <>
            <StatusPanel zoom={zoom} detail={detail} selection={selection} gridCount={gridCount} basemapFailed={basemap === 'failed'} debug={debug} />
            {buildings.count > 0 ? <BuildingLegend title={buildingLegendTitle('zh')} tone="dark" /> : null}
            {casePoints && casePoints.omitted > 0 ? (
              <span className="wall-map-omitted" data-testid="map-omitted" title={`+${casePoints.omitted}`}>
                ● {casePoints.length.toLocaleString()} / {(casePoints.length + casePoints.omitted).toLocaleString()}
              </span>
            ) : null}
          </>,
          statusSlot,
        )}
    </>
  );
}
