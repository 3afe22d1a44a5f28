import { useLayoutEffect, useRef, type CSSProperties } from 'react';
import { placeTooltip, type TooltipText } from './mapTooltip.js';

/** A tooltip's text and the pointer it belongs to, in the viewport's CSS pixels (clientX, clientY). */
export interface MapTip {
  x: number;
  y: number;
  text: TooltipText;
}

/**
 * A map's tooltip (mapTooltipText's text beside the pointer, kept inside the viewport), or nothing.
 * Text only, through React: a server's names are never read as markup. It takes no pointer
 * events, so the map under it keeps its hover and clicks.
 */
export function MapTooltip({ tip }: { tip: MapTip | null }) {
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el || !tip) return;
    const { left, top } = placeTooltip(tip.x, tip.y, { width: el.offsetWidth, height: el.offsetHeight }, { width: window.innerWidth, height: window.innerHeight });
    el.style.left = `${left}px`;
    el.style.top = `${top}px`;
    el.style.visibility = 'visible';
  }, [tip]);
  if (!tip) return null;
  return (
    <div ref={box} className="map-tooltip" role="tooltip" data-testid="map-tooltip" style={STYLE}>
      <strong style={{ display: 'block', marginBottom: 2 }}>{tip.text.title}</strong>
      {tip.text.lines.map((line, i) => (
        <div key={i}>{line}</div>
      ))}
    </div>
  );
}

/** Dark on any page (desk light or dark, the leaders' view), 14 px like the tablet's smallest text: placed by the layout effect, hidden until then. */
const STYLE: CSSProperties = {
  position: 'fixed',
  left: 0,
  top: 0,
  visibility: 'hidden',
  zIndex: 1000,
  pointerEvents: 'none',
  maxWidth: 320,
  padding: '6px 8px',
  borderRadius: 4,
  background: 'rgba(16, 24, 38, 0.94)',
  color: '#f2f5f9',
  font: '14px/1.5 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif',
  boxShadow: '0 2px 8px rgba(0, 0, 0, 0.35)',
  overflowWrap: 'anywhere',
};
