import { useEffect, useMemo, type RefObject } from 'react';
import type { Layer } from '@deck.gl/core';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { areaDetailFetch } from '../../api/areaDetailFetch.js';
import { usePolled } from '../../hooks/usePolled.js';
import type { PointLayerData } from '../layers/caseColumns.js';
import { writeOnMove } from '../writeOnMove.js';
import { buildingLayer } from './buildingLayer.js';
import type { MapTone } from './buildingColors.js';
import { buildingClass, buildingsUrl, casesInFootprints, parseGridBuildings, type GridBuilding } from './gridBuildings.js';

/** Buildings are generated from the cell's code (the same every time): renewed hourly at most. */
const BUILDINGS_POLL_MS = 60 * 60 * 1000;
const NO_BUILDINGS: readonly GridBuilding[] = [];
/** Buildings whose screen position is written on the map element (data-building-anchors), for tests. */
const ANCHORS_WRITTEN = 20;

export interface GridBuildingsView {
  /** The building layer (empty unless a grid cell's buildings are loaded): drawn under the case points. */
  layers: Layer[];
  /** Buildings drawn: 0 when the area is not a grid cell or its buildings have not arrived. */
  count: number;
  /** The buildings drawn, in the layer's order (a picked index names one), and the cases in each. */
  buildings: readonly GridBuilding[];
  counts: Uint32Array;
}

/**
 * The buildings of `area` when it is a grid cell (GET /api/areas/<grid code>, one request in flight,
 * aborted when the area changes, shared with the area's names through areaDetailFetch; nothing is
 * fetched for a larger area), coloured by how many of
 * `points` lie in each footprint. Holds one cell's buildings at most (≤ 999). Writes
 * data-buildings and data-building-anchors ([x, y, class] on screen) on the map's `container` after each move.
 */
export function useGridBuildings(map: MaplibreMap | null, container: RefObject<HTMLElement | null>, area: string | null, points: PointLayerData | null, tone: MapTone): GridBuildingsView {
  const buildings = usePolled(buildingsUrl(area), parseGridBuildings, BUILDINGS_POLL_MS, NO_BUILDINGS, areaDetailFetch);
  const counts = useMemo(() => {
    const position = points?.attributes.getPosition;
    return position ? casesInFootprints(buildings, position.value, points.length, position.size) : new Uint32Array(buildings.length);
  }, [buildings, points]);
  const countsKey = counts.join(',');
  const layers = useMemo(() => (buildings.length > 0 ? [buildingLayer({ buildings, counts, countsKey }, tone)] : []), [buildings, counts, countsKey, tone]);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    element.dataset.buildings = String(buildings.length);
    if (!map) return;
    const write = (): void => {
      const anchors = buildings.slice(0, ANCHORS_WRITTEN).map((b, i) => {
        const p = map.project(b.centroid);
        return [Math.round(p.x), Math.round(p.y), buildingClass(counts[i] ?? 0)];
      });
      element.dataset.buildingAnchors = JSON.stringify(anchors);
    };
    return writeOnMove(map, write);
  }, [map, container, buildings, counts]);
  return { layers, count: buildings.length, buildings, counts };
}
