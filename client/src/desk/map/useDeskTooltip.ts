import { useEffect, useRef, useState } from 'react';
import { caseBySeqUrl } from '../../api/caseColumns.js';
import { fetchJson } from '../../api/fetchJson.js';
import { BUILDING_LAYER_ID } from '../../map/buildings/buildingLayer.js';
import type { GridBuilding } from '../../map/buildings/gridBuildings.js';
import type { WallMap } from '../../map/createWallMap.js';
import type { AreaFeature } from '../../map/geo/areaFeatures.js';
import type { CasePointColumns } from '../../map/layers/caseColumns.js';
import type { MapTip } from '../../map/MapTooltip.js';
import { mapTooltipText, parseCaseFacts, type CaseFacts, type CaseTipLabels } from '../../map/mapTooltip.js';
import { CASE_POINTS_ID, CHILDREN_ID } from './deskMapLayers.js';

/** What the pointer may be over, as drawn now (read when it moves, not when it was drawn). */
export interface DeskHoverData {
  points: CasePointColumns | null;
  /** Children's values as the choropleth colours them (cases of the filter state). */
  counts: ReadonlyMap<string, number>;
  buildings: readonly GridBuilding[];
  buildingCounts: Uint32Array;
  caseLabels: CaseTipLabels;
  /** The choropleth's and the buildings' value name (案件数). */
  metric: string;
  locale: string;
}

/** Cases looked up by hovering, kept by seq: a pointer going back and forth asks once. */
const CASES_KEPT = 64;

/**
 * The desk map's tooltip: what is under the mouse (a case point, a building, a child area), picked
 * once per frame while it moves. A case point's case is asked of the server by its seq (one
 * request at a time, the last CASES_KEPT kept); the tooltip shows once it has answered.
 */
export function useDeskTooltip(map: WallMap | null, data: DeskHoverData): MapTip | null {
  const [tip, setTip] = useState<MapTip | null>(null);
  const dataRef = useRef(data);
  dataRef.current = data;

  useEffect(() => {
    if (!map) return;
    const cases = new Map<number, CaseFacts>();
    let frame = 0;
    let at: { x: number; y: number; clientX: number; clientY: number } | null = null;
    let lookup: { seq: number; abort: AbortController } | null = null;
    const stopLookup = (): void => {
      lookup?.abort.abort();
      lookup = null;
    };

    const showCase = (seq: number, clientX: number, clientY: number): void => {
      const labels = dataRef.current.caseLabels;
      const known = cases.get(seq);
      if (known) {
        stopLookup();
        setTip({ x: clientX, y: clientY, text: mapTooltipText({ kind: 'case', facts: known, labels }) });
        return;
      }
      if (lookup?.seq === seq) return;
      stopLookup();
      const abort = new AbortController();
      lookup = { seq, abort };
      setTip(null);
      fetchJson(fetch, caseBySeqUrl(seq), parseCaseFacts, abort.signal).then(
        (facts) => {
          cases.set(seq, facts);
          if (cases.size > CASES_KEPT) cases.delete(cases.keys().next().value!);
          if (abort.signal.aborted || !at) return;
          lookup = null;
          setTip({ x: at.clientX, y: at.clientY, text: mapTooltipText({ kind: 'case', facts, labels: dataRef.current.caseLabels }) });
        },
        () => {}, // moved away, or the case is gone or out of reach since it was drawn: no tooltip
      );
    };

    const pick = (): void => {
      frame = 0;
      if (!at) return;
      const d = dataRef.current;
      const picked = map.overlay.pickObject({ x: at.x, y: at.y, radius: 2, layerIds: [CASE_POINTS_ID, BUILDING_LAYER_ID, CHILDREN_ID] });
      const id = picked?.layer?.id;
      // A point of the binary columns has no object: its index names the case's seq.
      const seq = id === CASE_POINTS_ID ? (d.points?.seqAt(picked!.index) ?? null) : null;
      if (seq !== null) return showCase(seq, at.clientX, at.clientY);
      stopLookup();
      if (id === BUILDING_LAYER_ID && d.buildings[picked!.index]) {
        const b = d.buildings[picked!.index]!;
        setTip({ x: at.clientX, y: at.clientY, text: mapTooltipText({ kind: 'building', name: b.name, metric: d.metric, cases: d.buildingCounts[picked!.index] ?? null, locale: d.locale }) });
      } else if (id === CHILDREN_ID && picked!.object) {
        const f = picked!.object as AreaFeature;
        setTip({ x: at.clientX, y: at.clientY, text: mapTooltipText({ kind: 'area', name: f.properties.name, metric: d.metric, value: d.counts.get(f.properties.code) ?? 0, locale: d.locale }) });
      } else setTip(null);
    };

    const onMove = (e: { point: { x: number; y: number }; originalEvent: MouseEvent }): void => {
      at = { x: e.point.x, y: e.point.y, clientX: e.originalEvent.clientX, clientY: e.originalEvent.clientY };
      if (frame === 0) frame = requestAnimationFrame(pick);
    };
    const onOut = (): void => {
      at = null;
      stopLookup();
      setTip(null);
    };
    map.map.on('mousemove', onMove);
    map.map.on('mouseout', onOut);
    map.map.on('movestart', onOut);
    return () => {
      map.map.off('mousemove', onMove);
      map.map.off('mouseout', onOut);
      map.map.off('movestart', onOut);
      if (frame !== 0) cancelAnimationFrame(frame);
      stopLookup();
      setTip(null);
    };
  }, [map]);
  return tip;
}
