import { useMemo, useRef, useState, type MouseEvent, type PointerEvent } from 'react';
import type { ChildFigures } from '../../../../shared/src/live/events.js';
import type { AreaFeature } from '../../map/geo/areaFeatures.js';
import { MapTooltip } from '../../map/MapTooltip.js';
import { mapTooltipText } from '../../map/mapTooltip.js';

export interface AreaMapProps {
  shapes: readonly AreaFeature[] | null;
  children: Readonly<Record<string, ChildFigures>> | null;
  onPick: (code: string) => void;
  label: string;
  /** The name of the value the fills show (在办), for the tooltip. */
  metric: string;
  locale: string;
}

/** Open-case classes of the map's fills (cases open now per child area). */
const BREAKS = [1, 5, 20, 50];
const FILLS = ['#14243a', '#1d4f7a', '#2f7de1', '#e8a33c', '#e0513b'];

const fillOf = (open: number): string => FILLS[BREAKS.filter((b) => open >= b).length]!;

/**
 * A small map of the area: its children's outlines, filled by open cases, each a target that
 * drills in. SVG in an equirectangular projection scaled by the latitude (a district is small
 * enough for it): no WebGL, no tiles, light on a tablet. A tooltip names a child and its open
 * cases: under the mouse while it hovers; on touch, the first tap on a child shows it and a
 * second tap on the same child drills in.
 */
export function AreaMap({ shapes, children, onPick, label, metric, locale }: AreaMapProps) {
  const [tip, setTip] = useState<{ code: string; x: number; y: number } | null>(null);
  const pointer = useRef<string>('mouse');
  const drawn = useMemo(() => {
    if (!shapes || shapes.length === 0) return null;
    let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
    for (const f of shapes) {
      west = Math.min(west, f.properties.bbox.west);
      south = Math.min(south, f.properties.bbox.south);
      east = Math.max(east, f.properties.bbox.east);
      north = Math.max(north, f.properties.bbox.north);
    }
    const k = Math.cos(((south + north) / 2) * (Math.PI / 180));
    const width = Math.max((east - west) * k, 1e-9);
    const height = Math.max(north - south, 1e-9);
    const scale = 1000 / Math.max(width, height);
    const x = (lon: number) => ((lon - west) * k * scale).toFixed(1);
    const y = (lat: number) => ((north - lat) * scale).toFixed(1);
    const paths = shapes.map((f) => ({
      code: f.properties.code,
      name: f.properties.name,
      d: f.geometry.coordinates.map((polygon) => polygon.map((ring) => `M${ring.map(([lon, lat]) => `${x(lon!)},${y(lat!)}`).join('L')}Z`).join('')).join(''),
    }));
    return { paths, w: Math.ceil(width * scale), h: Math.ceil(height * scale) };
  }, [shapes]);
  if (!drawn) return <div className="lead-map lead-map--empty" aria-label={label} />;
  const shown = tip ? drawn.paths.find((p) => p.code === tip.code) : undefined;
  const hover = (code: string) => (e: PointerEvent) => {
    pointer.current = e.pointerType;
    if (e.pointerType === 'mouse') setTip({ code, x: e.clientX, y: e.clientY });
  };
  const tap = (code: string) => (e: MouseEvent) => {
    // A touch shows the tooltip first; the mouse has shown it by hovering.
    if (pointer.current !== 'mouse' && tip?.code !== code) return setTip({ code, x: e.clientX, y: e.clientY });
    setTip(null);
    onPick(code);
  };
  return (
    <>
      <svg className="lead-map" viewBox={`-4 -4 ${drawn.w + 8} ${drawn.h + 8}`} role="img" aria-label={label} data-testid="lead-map" onPointerLeave={(e) => e.pointerType === 'mouse' && setTip(null)}>
        {drawn.paths.map((p) => (
          <path
            key={p.code}
            d={p.d}
            fill={fillOf(children?.[p.code]?.[0] ?? 0)}
            stroke="#8fb3da"
            strokeWidth={1.5}
            vectorEffect="non-scaling-stroke"
            onPointerDown={(e) => (pointer.current = e.pointerType)}
            onPointerMove={hover(p.code)}
            onClick={tap(p.code)}
            data-code={p.code}
            aria-label={p.name}
          />
        ))}
      </svg>
      <MapTooltip
        tip={tip && shown ? { x: tip.x, y: tip.y, text: mapTooltipText({ kind: 'area', name: shown.name, metric, value: children?.[shown.code]?.[0] ?? null, locale }) } : null}
      />
    </>
  );
}
