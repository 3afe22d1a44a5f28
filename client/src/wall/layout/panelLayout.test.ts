import { describe, expect, it } from 'vitest';
import { DESIGN_CANVASES } from './canvasScale.js';
import { PANEL_LAYOUTS, type PanelRect } from './panelLayout.js';

const overlap = (a: PanelRect, b: PanelRect): boolean =>
  a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;

describe.each(DESIGN_CANVASES)('the $layout layout', (canvas) => {
  const layout = PANEL_LAYOUTS[canvas.layout];
  const rects = Object.values(layout.panels);

  it('keeps every panel on the canvas, none overlapping', () => {
    for (const r of rects) {
      expect(r.left).toBeGreaterThanOrEqual(0);
      expect(r.top).toBeGreaterThanOrEqual(0);
      expect(r.left + r.width).toBeLessThanOrEqual(canvas.width);
      expect(r.top + r.height).toBeLessThanOrEqual(canvas.height);
    }
    for (const a of rects) for (const b of rects) if (a !== b) expect(overlap(a, b)).toBe(false);
  });

  it('leaves the map a free middle that no panel covers, at least 40% of the canvas wide', () => {
    const { left, right, top, bottom } = layout.mapInsets;
    const free = { left, top, width: canvas.width - left - right, height: canvas.height - top - bottom };
    expect(free.width).toBeGreaterThan(canvas.width * 0.4);
    for (const r of rects) expect(overlap(r, free)).toBe(false);
  });

  it('fits the boards rows in their panels (title and column header take ~100 units)', () => {
    expect(layout.feedRows * layout.rowHeight + 100).toBeLessThanOrEqual(layout.panels.feed.height);
    expect(layout.childRows * layout.rowHeight + 100).toBeLessThanOrEqual(layout.panels.children.height);
    // Alert rows are 40 units (no column header): title and padding take ~70.
    expect(layout.alertRows * 40 + 70).toBeLessThanOrEqual(layout.panels.alerts.height);
  });
});
