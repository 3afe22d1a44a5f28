/** zrender's font when a label has none (zrender/lib/core/platform.js DEFAULT_FONT). */
const DEFAULT_FONT = '12px sans-serif';

/**
 * Measurements per measuring canvas. Chromium keeps a shaped copy of every string measured on a
 * canvas that never paints a frame, ~1.6 kB each, up to 32,768 per font (≈ 50 MB); zrender
 * measures every new label (the bars' counts change every second) on one such canvas for the
 * page's life, so a wall grew ~0.3 MB a minute for days (e2e/wall.soak.test.ts). A fresh
 * canvas every 250 measurements lets the old one, and its copies, be collected: ≤ ~0.4 MB.
 */
export const MEASURES_PER_CANVAS = 250;

/**
 * A `measureText` for echarts' setPlatformAPI that renews its canvas context every
 * `perContext` calls (zrender already caches widths per string, so calls are cache misses).
 */
export function renewingMeasureText(
  createContext: () => Pick<CanvasRenderingContext2D, 'font' | 'measureText'> | null,
  perContext = MEASURES_PER_CANVAS,
): (text: string, font?: string) => { width: number } {
  let context: Pick<CanvasRenderingContext2D, 'font' | 'measureText'> | null = null;
  let font: string | null = null;
  let used = 0;
  return (text, textFont) => {
    if (!context || used >= perContext) {
      context = createContext();
      font = null;
      used = 0;
    }
    if (!context) return { width: 0 };
    used++;
    const wanted = textFont || DEFAULT_FONT;
    if (font !== wanted) context.font = font = wanted;
    return context.measureText(text);
  };
}
