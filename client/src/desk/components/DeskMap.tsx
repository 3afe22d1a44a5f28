import { useEffect, useMemo, useRef, useState } from 'react';
import { levelOfCode } from '../../../../shared/src/city/codes.js';
import type { OverviewAreas, DistrictAreas } from '../../api/loadCity.js';
import { useCityData } from '../../hooks/useCityData.js';
import { useDistrictDetail } from '../../hooks/useDistrictDetail.js';
import { createWallMap, type WallMap } from '../../map/createWallMap.js';
import type { AreaFeature } from '../../map/geo/areaFeatures.js';
import { toLngLatBounds } from '../../map/geo/lonLatBox.js';
import { attachRenderProbe, markDirty } from '../../map/renderProbe.js';
import { writeOnMove } from '../../map/writeOnMove.js';
import { useLayerSource, type LayerSource } from '../../map/replay/layerSource.js';
import { mapListCasesUrl } from '../../../../shared/src/columnar/mapQueries.js';
import { DEFAULT_MAP_POINT_CAP } from '../../live/caseColumnsSync.js';
import { useCaseColumnsAt } from '../../live/useCaseColumns.js';
import { fetchCaseIdOfSeq } from '../../api/caseColumns.js';
import type { Breakdown } from '../api/deskApi.js';
import type { DeskStrings } from '../i18n/deskStrings.js';
import { CASE_POINTS_ID, CHILDREN_ID, deskLayers, deskMapTheme } from '../map/deskMapLayers.js';
import { useGridBuildings } from '../../map/buildings/useGridBuildings.js';
import { BuildingLegend, buildingLegendTitle } from '../../map/buildings/BuildingLegend.js';
import { MapTooltip } from '../../map/MapTooltip.js';
import { commonStrings } from '../i18n/deskStrings.js';
import { useDeskTooltip } from '../map/useDeskTooltip.js';
import { caseTime } from './caseTime.js';

/** Case points at most whose screen positions the map writes out (data-case-points) for tests. */
const CASE_POINTS_SHOWN = 200;

/** Before the city's catalogue arrives: the same object every render (useDistrictDetail starts a new cache on new URLs). */
const NO_URLS: Readonly<Record<string, string>> = {};

interface Props {
  t: DeskStrings;
  area: string;
  theme: 'light' | 'dark';
  childCounts: Breakdown | null;
  /** The desk's filter state as a query string (deskQuery.ts filterParams): the map draws every case of it; null: no points (a replay shows instead). */
  query: string | null;
  /** Changes when the figures refresh (the live stream moved them): the points load again. */
  reloadKey: string;
  selected: { lon: number; lat: number } | null;
  onDrill: (code: string) => void;
  onCase: (id: string) => void;
  /** A replay's layers, drawn over the others while it is loaded. */
  replay?: LayerSource | null;
}

/** The area's own feature and its children's, from the overview or its district's detail file. */
export function areaFeatures(area: string, overview: OverviewAreas, district: DistrictAreas | undefined): { own: AreaFeature | null; children: AreaFeature[] } {
  const level = levelOfCode(area);
  const under = (list: readonly AreaFeature[]) => list.filter((f) => f.properties.code.startsWith(area) && f.properties.code !== area);
  const find = (list: readonly AreaFeature[]) => list.find((f) => f.properties.code === area) ?? null;
  switch (level) {
    case 'city':
      return { own: overview.city[0] ?? null, children: overview.districts };
    case 'district':
      return { own: find(overview.districts), children: under(overview.streets) };
    case 'street':
      return { own: find(overview.streets), children: district ? under(district.communities) : [] };
    case 'community':
      return { own: district ? find(district.communities) : null, children: district ? under(district.grids) : [] };
    default:
      return { own: district ? find(district.grids) : null, children: district ? district.grids.filter((g) => g.properties.code === area) : [] };
  }
}

/**
 * The area's children coloured by the filter state's cases (a click drills into one), with every
 * case of the filter state (GET /api/map/cases with the list's query, up to DEFAULT_MAP_POINT_CAP)
 * as heat and points drawn from binary columns (a click opens one), and the open case ringed.
 */
export function DeskMap({ t, area, theme, childCounts, query, reloadKey, selected, onDrill, onCase, replay }: Props) {
  const replayLayers = useLayerSource(replay);
  // A new query aborts the load in flight and loads the new set; a reload key loads the same one again.
  const columns = useCaseColumnsAt(query === null ? null : mapListCasesUrl(new URLSearchParams(query), DEFAULT_MAP_POINT_CAP), reloadKey, DEFAULT_MAP_POINT_CAP);
  const points = columns.points;
  const pointsRef = useRef(points);
  pointsRef.current = points;
  // The same object while the points did not change: deck.gl then uploads nothing.
  const pointData = useMemo(() => (points && columns.loads > 0 ? points.layerData() : null), [points, columns.version, columns.loads]);
  const city = useCityData();
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<WallMap | null>(null);
  const level = levelOfCode(area);
  const districtCode = level === 'city' ? null : area.slice(0, 6);
  const urls = city.status === 'ready' ? city.data.areas.geometry.districts : NO_URLS;
  const wanted = useMemo(() => (districtCode && level !== 'district' ? [districtCode] : []), [districtCode, level]);
  const detail = useDistrictDetail(urls, wanted);
  const mapTheme = useMemo(() => deskMapTheme(theme), [theme]);
  const onDrillRef = useRef(onDrill);
  onDrillRef.current = onDrill;
  const onCaseRef = useRef(onCase);
  onCaseRef.current = onCase;
  const levelRef = useRef(level);
  levelRef.current = level;

  useEffect(() => {
    const element = container.current;
    if (!element || city.status !== 'ready') return;
    const created = createWallMap(element, mapTheme, window.devicePixelRatio || 1);
    const detach = attachRenderProbe(created.map, element);
    // deck.gl interleaved in maplibre picks on hover but does not call layers' onClick here: the
    // map's own click is picked explicitly (a case point before the area under it).
    created.map.on('click', (e) => {
      const picked = created.overlay.pickObject({ x: e.point.x, y: e.point.y, radius: 2, layerIds: [CASE_POINTS_ID, CHILDREN_ID] });
      if (!picked) return;
      // A point of the binary columns has no object: its index names the case's seq, and the
      // server names the case (with the same read right and area cut as the case itself).
      if (picked.layer?.id === CASE_POINTS_ID) {
        const seq = pointsRef.current?.seqAt(picked.index) ?? null;
        if (seq !== null)
          fetchCaseIdOfSeq((url) => fetch(url, { credentials: 'same-origin' }), seq).then(
            (id) => onCaseRef.current(id),
            () => {}, // gone or out of reach since it was drawn: the next load takes the point away
          );
      } else if (picked.object && levelRef.current !== 'grid') onDrillRef.current((picked.object as AreaFeature).properties.code);
    });
    setMap(created);
    return () => {
      detach();
      created.dispose();
      setMap(null);
    };
    // The map is made once per theme; data changes only set layers.
  }, [city.status, mapTheme]);

  const features = useMemo(() => (city.status === 'ready' ? areaFeatures(area, city.data.overview, detail.ready[0]) : { own: null, children: [] }), [city, area, detail.ready]);
  const counts = useMemo(() => new Map(childCounts?.buckets.map((b) => [b.key, b.count]) ?? []), [childCounts]);
  // Drilled to a grid cell: its buildings, coloured by the filter state's cases in each.
  const buildings = useGridBuildings(map?.map ?? null, container, area, pointData, theme);
  // The mouse's tooltip: the case, building or child area under it, in the table's words.
  const common = commonStrings(t.lang);
  const tip = useDeskTooltip(map, {
    points,
    counts,
    buildings: buildings.buildings,
    buildingCounts: buildings.counts,
    caseLabels: { columns: t.table.columns, categoryName: common.categoryName, urgency: common.urgency, status: common.status, time: (iso) => caseTime(iso, t.lang) },
    metric: t.rankingColumns.count,
    locale: t.locale,
  });

  // Frame the area when it (or its geometry) arrives.
  const own = features.own;
  useEffect(() => {
    if (!map || !own) return;
    map.map.fitBounds(toLngLatBounds(own.properties.bbox), { padding: 16, animate: false });
  }, [map, own]);

  useEffect(() => {
    if (!map || city.status !== 'ready') return;
    const element = container.current!;
    map.overlay.setProps({
      layers: deskLayers(
        {
          districts: city.data.overview.districts,
          area: features.own,
          children: features.children,
          counts,
          countsKey: childCounts ? childCounts.buckets.map((b) => `${b.key}:${b.count}`).join(',') : '',
          points: pointData,
          selected,
          drillable: level !== 'grid',
          buildings: buildings.layers,
        },
        mapTheme,
      ).concat(replayLayers),
    });
    element.dataset.area = area;
    element.dataset.children = String(features.children.length);
    // Points drawn, and all the filter state holds (more when capped); empty while the first answer loads.
    element.dataset.cases = pointData ? String(pointData.length) : '';
    element.dataset.casesTotal = pointData && points ? String(points.length + points.omitted) : '';
    markDirty(map.map, element);
  }, [map, city, features, counts, childCounts, pointData, points, selected, level, area, mapTheme, replayLayers, buildings.layers]);

  // Where each child's anchor is on screen, after every move: what a person (or a test) clicks.
  useEffect(() => {
    if (!map) return;
    const element = container.current!;
    const write = () => {
      const anchors = Object.fromEntries(
        features.children.map((f) => {
          const p = map.map.project(f.properties.anchor as [number, number]);
          return [f.properties.code, [Math.round(p.x), Math.round(p.y)]];
        }),
      );
      element.dataset.anchors = JSON.stringify(anchors);
    };
    return writeOnMove(map.map, write);
  }, [map, features]);

  // Where each drawn case point is on screen (`data-case-points`, {seq: [x, y]} in the map's CSS
  // pixels), after every move and every change of the points, like the anchors above: what a test
  // clicks to open a case. Written for small sets only (a test's), nothing beyond CASE_POINTS_SHOWN.
  useEffect(() => {
    if (!map) return;
    const element = container.current!;
    const write = () => {
      const held = points && pointData ? points.length : 0;
      if (held === 0 || held > CASE_POINTS_SHOWN) {
        delete element.dataset.casePoints;
        return;
      }
      const at: Record<string, [number, number]> = {};
      for (let i = 0; i < held; i++) {
        const seq = points!.seqAt(i);
        if (seq === null) continue;
        const p = map.map.project([points!.positions[2 * i]!, points!.positions[2 * i + 1]!]);
        at[seq] = [Math.round(p.x * 10) / 10, Math.round(p.y * 10) / 10];
      }
      element.dataset.casePoints = JSON.stringify(at);
    };
    return writeOnMove(map.map, write);
  }, [map, points, pointData]);

  return (
    <section className="desk-panel desk-map-panel">
      {city.status === 'error' ? <p className="desk-error">{city.message}</p> : null}
      {city.status === 'loading' ? <p className="desk-muted">{t.loading}</p> : null}
      {columns.error ? <p className="desk-error">{columns.error}</p> : null}
      {pointData && points && points.omitted > 0 ? (
        <p className="desk-muted" data-testid="desk-map-capped">
          {points.length.toLocaleString(t.locale)} / {(points.length + points.omitted).toLocaleString(t.locale)}
        </p>
      ) : null}
      <div className="desk-map" ref={container} data-testid="wall-map" />
      <MapTooltip tip={tip} />
      {buildings.count > 0 ? <BuildingLegend className="desk-muted" title={buildingLegendTitle(t.locale)} tone={theme} /> : null}
    </section>
  );
}
