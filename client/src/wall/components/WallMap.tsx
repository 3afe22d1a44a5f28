import { useEffect, useMemo, useRef } from 'react';
import type { CityData } from '../api/loadCity.js';
import { unionBox } from '../geo/areaFeatures.js';
import { detailShown, districtsToLoad } from '../geo/detailLevels.js';
import { toLngLatBounds } from '../geo/lonLatBox.js';
import { useDistrictDetail } from '../hooks/useDistrictDetail.js';
import { useWallMap } from '../hooks/useWallMap.js';
import type { WallMap as WallMapHandle } from '../map/createWallMap.js';
import { wallLayers } from '../layers/wallLayers.js';
import { markDirty } from '../map/renderProbe.js';
import { detailDistrictOf, districtOf, parseAreaParam, resolveSelection } from '../state/selection.js';
import type { WallTheme } from '../theme.js';
import { StatusPanel } from './StatusPanel.js';

/** Padding around a framed area, in CSS pixels (leaves room for the title bar and panel). */
const FRAME_PADDING_PX = { top: 110, bottom: 60, left: 60, right: 60 };
const FLY_DURATION_MS = 1200;

export function WallMap({ city, theme }: { city: CityData; theme: WallTheme }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const { wallMap, view } = useWallMap(containerRef, theme);
  const { overview, areas } = city;

  const param = useMemo(() => parseAreaParam(window.location.search), []);
  const focusDistrict = districtOf(param);
  const districtBoxes = useMemo(() => overview.districts.map((f) => ({ code: f.properties.code, bbox: f.properties.bbox })), [overview]);
  const wanted = useMemo(() => districtsToLoad(view, districtBoxes, focusDistrict), [view, districtBoxes, focusDistrict]);
  const detail = useDistrictDetail(areas.geometry.districts, wanted);

  const detailDistrict = detailDistrictOf(param);
  const selection = resolveSelection(param, overview, detail.ready.find((d) => d.code === detailDistrict));
  const highlight = selection.status === 'found' ? selection.feature : null;

  const zoom = view?.zoom ?? 0;
  const layers = useMemo(
    () => wallLayers({ overview, districts: detail.ready, zoom, focusDistrict, highlight }, theme),
    [overview, detail.ready, zoom, focusDistrict, highlight, theme],
  );
  useEffect(() => {
    if (!wallMap || !containerRef.current) return;
    wallMap.overlay.setProps({ layers });
    markDirty(wallMap.map, containerRef.current);
  }, [wallMap, layers]);

  // Frame the URL's area once it resolves, else the whole city. The first framing jumps (the wall
  // opens on it); later ones fly so viewers keep their bearings.
  const cityBox = useMemo(() => unionBox(overview.city), [overview]);
  const framed = useRef<{ map: WallMapHandle; key: string } | null>(null);
  const target = selection.status === 'found' ? { key: selection.code, box: selection.feature.properties.bbox } : { key: 'city', box: cityBox };
  useEffect(() => {
    if (!wallMap || !target.box) return;
    const previous = framed.current?.map === wallMap ? framed.current.key : null;
    if (previous === target.key) return;
    framed.current = { map: wallMap, key: target.key };
    const duration = previous === null ? 0 : FLY_DURATION_MS;
    wallMap.map.fitBounds(toLngLatBounds(target.box), { padding: FRAME_PADDING_PX, duration, maxZoom: 16 });
  }, [wallMap, target.key, target.box]);

  const gridCount = detail.ready.reduce((n, d) => n + (detailShown(d.code, zoom, focusDistrict) ? d.grids.length : 0), 0);
  return (
    <>
      <div
        ref={containerRef}
        className="wall-map"
        data-testid="wall-map"
        data-zoom={zoom.toFixed(2)}
        data-detail-districts={detail.ready.map((d) => d.code).join(',')}
        data-grids-drawn={gridCount}
        data-selection={selection.status}
      />
      <StatusPanel zoom={zoom} detail={detail} selection={selection} gridCount={gridCount} />
    </>
  );
}
