/**
 * The wall is laid out on a fixed design canvas, in design units, and scaled to the physical
 * screen with a CSS transform. Pure: the hook that measures the window lives in useStage.ts.
 */

export type ScaleMode = 'fit' | 'fill' | 'physical';
export const SCALE_MODES: readonly ScaleMode[] = ['fit', 'fill', 'physical'];

export type CanvasLayout = 'standard' | 'wide';

export interface DesignCanvas {
  layout: CanvasLayout;
  /** Design units. */
  width: number;
  height: number;
}

/**
 * 16:9 for ordinary screens and video walls of 1080p/4K panels; 32:9 for long walls (7680×2160,
 * 5760×2160, LED walls such as 6656×1792). The panels are arranged differently on each.
 */
export const DESIGN_CANVASES: readonly DesignCanvas[] = [
  { layout: 'standard', width: 1920, height: 1080 },
  { layout: 'wide', width: 3840, height: 1080 },
];

/** The canvas whose aspect ratio is nearest the screen's, compared on a log scale (2:1 is as far from 1:1 as 1:2). */
export function chooseCanvas(width: number, height: number): DesignCanvas {
  const aspect = Math.log(Math.max(width, 1) / Math.max(height, 1));
  let best = DESIGN_CANVASES[0]!;
  for (const canvas of DESIGN_CANVASES) {
    if (Math.abs(aspect - Math.log(canvas.width / canvas.height)) < Math.abs(aspect - Math.log(best.width / best.height))) best = canvas;
  }
  return best;
}

/**
 * A layer placed on the screen: `width` × `height` design units (its CSS size before the
 * transform), drawn at CSS pixel (`left`, `top`) with `scaleX`/`scaleY` CSS pixels per design unit.
 */
export interface LayerBox {
  left: number;
  top: number;
  width: number;
  height: number;
  scaleX: number;
  scaleY: number;
}

export interface Stage {
  mode: ScaleMode;
  canvas: DesignCanvas;
  /** The window in CSS pixels, and device pixels per CSS pixel. */
  viewport: { width: number; height: number; dpr: number };
  /** The design canvas with the panels. */
  panels: LayerBox;
  /**
   * The map: always scaled uniformly (scaleX === scaleY) so geography is never distorted, and
   * drawn with `pixelRatio` = device pixels per design unit, so its WebGL buffer has exactly the
   * device pixels it covers on screen (sharp, never resampled by the CSS transform).
   */
  map: LayerBox & { pixelRatio: number };
  /** Physical (device) pixels per design unit, per axis: what the viewer actually sees. */
  physicalScale: { x: number; y: number };
}

export interface StageInput {
  /** Window size in CSS pixels. */
  width: number;
  height: number;
  /** window.devicePixelRatio: device pixels per CSS pixel (OS scaling and browser zoom included). */
  dpr: number;
  mode: ScaleMode;
}

/** Snaps a CSS length to whole device pixels, so a layer's edge does not fall between pixels and blur. */
const snap = (cssPx: number, dpr: number): number => Math.round(cssPx * dpr) / dpr;

/**
 * Where the canvas and the map go on the screen.
 *
 * - `fit`: uniform scale, the whole canvas visible, centred; the leftover band (letterbox) shows
 *   the page background, which is the map's background colour.
 * - `fill`: the canvas covers the screen exactly, stretched per axis (DataV/GoView's 全屏铺满:
 *   no bars and nothing cut off, which is what wall operators choose when the wall is close to
 *   the design's aspect; the canvas is picked by aspect, so the stretch is 0% on 16:9 and 32:9
 *   walls and under 5% on 6656×1792). The map is NOT stretched: it covers the screen at the
 *   smaller of the two scales and shows a little more geography on the longer axis.
 * - `physical`: one design unit = one device pixel (scale 1/dpr), centred; OS zoom and DPR do not
 *   change the layout. A screen smaller than the canvas crops it evenly on both sides.
 *
 * The result depends on the physical screen only: the same wall at DPR 1, 1.5 or 2 gets the same
 * device-pixel geometry (up to the snapping of offsets to whole device pixels).
 */
export function computeStage({ width, height, dpr, mode }: StageInput): Stage {
  const w = Math.max(width, 1);
  const h = Math.max(height, 1);
  const ratio = Number.isFinite(dpr) && dpr > 0 ? dpr : 1;
  const canvas = chooseCanvas(w, h);
  const viewport = { width: w, height: h, dpr: ratio };

  if (mode === 'fill') {
    const sx = w / canvas.width;
    const sy = h / canvas.height;
    const s = Math.min(sx, sy);
    return {
      mode,
      canvas,
      viewport,
      panels: { left: 0, top: 0, width: canvas.width, height: canvas.height, scaleX: sx, scaleY: sy },
      map: { left: 0, top: 0, width: w / s, height: h / s, scaleX: s, scaleY: s, pixelRatio: s * ratio },
      physicalScale: { x: sx * ratio, y: sy * ratio },
    };
  }

  const s = mode === 'fit' ? Math.min(w / canvas.width, h / canvas.height) : 1 / ratio;
  const box: LayerBox = {
    left: snap((w - canvas.width * s) / 2, ratio),
    top: snap((h - canvas.height * s) / 2, ratio),
    width: canvas.width,
    height: canvas.height,
    scaleX: s,
    scaleY: s,
  };
  return { mode, canvas, viewport, panels: box, map: { ...box, pixelRatio: s * ratio }, physicalScale: { x: s * ratio, y: s * ratio } };
}

/** The CSS transform that places a layer (with `transform-origin: 0 0`). */
export function layerTransform(box: LayerBox): string {
  const scale = box.scaleX === box.scaleY ? `scale(${box.scaleX})` : `scale(${box.scaleX}, ${box.scaleY})`;
  return `translate(${box.left}px, ${box.top}px) ${scale}`;
}

/** The on-screen rectangle of a layer, in CSS pixels. */
export function screenRect(box: LayerBox): { left: number; top: number; width: number; height: number } {
  return { left: box.left, top: box.top, width: box.width * box.scaleX, height: box.height * box.scaleY };
}

export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/**
 * Converts insets of the panel canvas (design units: where the panels cover the map) into the
 * map's own units, for maplibre's camera padding, so framed areas land in the free middle of the
 * canvas whatever the mode. Never negative.
 */
export function mapPadding(stage: Stage, insets: Insets): Insets {
  const { panels: p, map: m } = stage;
  const s = m.scaleX;
  const freeLeft = p.left + insets.left * p.scaleX;
  const freeTop = p.top + insets.top * p.scaleY;
  const freeRight = p.left + (p.width - insets.right) * p.scaleX;
  const freeBottom = p.top + (p.height - insets.bottom) * p.scaleY;
  return {
    left: Math.max(0, (freeLeft - m.left) / s),
    top: Math.max(0, (freeTop - m.top) / s),
    right: Math.max(0, (m.left + m.width * s - freeRight) / s),
    bottom: Math.max(0, (m.top + m.height * s - freeBottom) / s),
  };
}
