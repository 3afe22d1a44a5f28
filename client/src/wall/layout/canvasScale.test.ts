import { describe, expect, it } from 'vitest';
import { chooseCanvas, computeStage, layerTransform, mapPadding, screenRect, SCALE_MODES, type Stage } from './canvasScale.js';

/** Physical wall resolutions the wall must handle (device pixels). */
const WALLS = [
  { w: 1920, h: 1080, layout: 'standard' },
  { w: 3840, h: 2160, layout: 'standard' },
  { w: 5760, h: 2160, layout: 'wide' },
  { w: 7680, h: 2160, layout: 'wide' },
  { w: 6656, h: 1792, layout: 'wide' },
] as const;
const DPRS = [1, 1.5, 2];

/** A layer's on-screen rectangle in device pixels. */
function deviceRect(stage: Stage, layer: 'panels' | 'map') {
  const r = screenRect(stage[layer]);
  const d = stage.viewport.dpr;
  return { left: r.left * d, top: r.top * d, width: r.width * d, height: r.height * d };
}

describe('chooseCanvas', () => {
  it('picks 16:9 or 32:9 by the nearest aspect ratio', () => {
    for (const wall of WALLS) expect(chooseCanvas(wall.w, wall.h).layout).toBe(wall.layout);
    expect(chooseCanvas(1080, 1920).layout).toBe('standard'); // portrait: the 16:9 design
    expect(chooseCanvas(0, 0).layout).toBe('standard');
  });
});

describe.each(WALLS)('a $w×$h wall', (wall) => {
  describe.each(DPRS)('at devicePixelRatio %s', (dpr) => {
    const input = { width: wall.w / dpr, height: wall.h / dpr, dpr };

    it('fit: the whole canvas, uniformly scaled, centred, touching two opposite edges', () => {
      const stage = computeStage({ ...input, mode: 'fit' });
      const r = deviceRect(stage, 'panels');
      const s = Math.min(wall.w / stage.canvas.width, wall.h / stage.canvas.height);
      expect(stage.physicalScale.x).toBeCloseTo(s, 9);
      expect(stage.physicalScale.y).toBeCloseTo(s, 9);
      expect(r.width).toBeCloseTo(stage.canvas.width * s, 6);
      expect(r.height).toBeCloseTo(stage.canvas.height * s, 6);
      expect(r.left).toBeGreaterThanOrEqual(0);
      expect(r.top).toBeGreaterThanOrEqual(0);
      expect(Math.abs(r.left - Math.round(r.left))).toBeLessThan(1e-6); // offsets on whole device pixels
      expect(Math.abs(r.top - Math.round(r.top))).toBeLessThan(1e-6);
      expect(Math.abs(r.left - (wall.w - r.width - r.left))).toBeLessThanOrEqual(1); // centred
      expect(Math.abs(r.top - (wall.h - r.height - r.top))).toBeLessThanOrEqual(1);
      const touchesX = Math.abs(r.width - wall.w) < 1e-6;
      const touchesY = Math.abs(r.height - wall.h) < 1e-6;
      expect(touchesX || touchesY).toBe(true);
      // The map lies exactly under the canvas, with a buffer of the device pixels it covers.
      expect(deviceRect(stage, 'map')).toEqual(r);
      expect(stage.map.width * stage.map.pixelRatio).toBeCloseTo(r.width, 6);
      expect(stage.map.height * stage.map.pixelRatio).toBeCloseTo(r.height, 6);
    });

    it('fill: the canvas covers the screen exactly; the map covers it undistorted', () => {
      const stage = computeStage({ ...input, mode: 'fill' });
      const r = deviceRect(stage, 'panels');
      expect(r.left).toBe(0);
      expect(r.top).toBe(0);
      expect(r.width).toBeCloseTo(wall.w, 6);
      expect(r.height).toBeCloseTo(wall.h, 6);
      expect(stage.map.scaleX).toBe(stage.map.scaleY);
      const m = deviceRect(stage, 'map');
      expect(m.width).toBeCloseTo(wall.w, 6);
      expect(m.height).toBeCloseTo(wall.h, 6);
      expect(stage.map.width * stage.map.pixelRatio).toBeCloseTo(wall.w, 6);
      // The map keeps at least the design canvas in view.
      expect(stage.map.width).toBeGreaterThanOrEqual(stage.canvas.width - 1e-6);
      expect(stage.map.height).toBeGreaterThanOrEqual(stage.canvas.height - 1e-6);
    });

    it('physical: one design unit is one device pixel, centred', () => {
      const stage = computeStage({ ...input, mode: 'physical' });
      const r = deviceRect(stage, 'panels');
      expect(stage.physicalScale).toEqual({ x: 1, y: 1 });
      expect(r.width).toBeCloseTo(stage.canvas.width, 6);
      expect(r.height).toBeCloseTo(stage.canvas.height, 6);
      expect(Math.abs(r.left - (wall.w - r.width) / 2)).toBeLessThanOrEqual(1);
      expect(Math.abs(r.top - (wall.h - r.height) / 2)).toBeLessThanOrEqual(1);
      expect(stage.map.pixelRatio).toBeCloseTo(1, 9);
    });

    it.each(SCALE_MODES)('%s: the same device-pixel geometry as at DPR 1', (mode) => {
      const reference = computeStage({ width: wall.w, height: wall.h, dpr: 1, mode });
      const stage = computeStage({ ...input, mode });
      expect(stage.canvas).toEqual(reference.canvas);
      for (const layer of ['panels', 'map'] as const) {
        const a = deviceRect(stage, layer);
        const b = deviceRect(reference, layer);
        for (const k of ['left', 'top', 'width', 'height'] as const) expect(Math.abs(a[k] - b[k])).toBeLessThanOrEqual(1);
      }
      expect(stage.physicalScale.x).toBeCloseTo(reference.physicalScale.x, 9);
      expect(stage.physicalScale.y).toBeCloseTo(reference.physicalScale.y, 9);
    });
  });
});

describe('examples', () => {
  it('letterboxes a 6656×1792 LED wall left and right in fit mode', () => {
    const stage = computeStage({ width: 6656, height: 1792, dpr: 1, mode: 'fit' });
    expect(stage.canvas.layout).toBe('wide');
    const r = screenRect(stage.panels);
    expect(r.height).toBe(1792);
    expect(r.top).toBe(0);
    expect(r.width).toBeCloseTo(6371.56, 1);
    expect(r.left).toBe(142);
    expect(layerTransform(stage.panels)).toBe(`translate(142px, 0px) scale(${1792 / 1080})`);
  });

  it('stretches per axis in fill mode, and writes both scales', () => {
    const stage = computeStage({ width: 5760, height: 2160, dpr: 1, mode: 'fill' });
    expect(stage.panels.scaleX).toBe(1.5);
    expect(stage.panels.scaleY).toBe(2);
    expect(layerTransform(stage.panels)).toBe('translate(0px, 0px) scale(1.5, 2)');
    expect(stage.map).toMatchObject({ width: 3840, height: 1440, scaleX: 1.5, pixelRatio: 1.5 });
  });

  it('shows a 1920×1080 design at 1:1 on a 150%-zoomed 1080p screen in physical mode', () => {
    const stage = computeStage({ width: 1280, height: 720, dpr: 1.5, mode: 'physical' });
    expect(screenRect(stage.panels)).toEqual({ left: 0, top: 0, width: 1280, height: 720 });
    expect(stage.map.pixelRatio).toBe(1);
  });

  it('survives a zero-sized window and a missing DPR', () => {
    const stage = computeStage({ width: 0, height: 0, dpr: Number.NaN, mode: 'fit' });
    expect(Number.isFinite(stage.panels.scaleX)).toBe(true);
    expect(stage.viewport.dpr).toBe(1);
  });
});

describe('mapPadding', () => {
  const insets = { top: 100, right: 500, bottom: 40, left: 500 };

  it('equals the design insets when the map lies under the canvas', () => {
    const stage = computeStage({ width: 3840, height: 2160, dpr: 1, mode: 'fit' });
    const p = mapPadding(stage, insets);
    for (const k of ['top', 'right', 'bottom', 'left'] as const) expect(p[k]).toBeCloseTo(insets[k], 9);
  });

  it('adds the extra map beyond a stretched canvas', () => {
    // 6656×1792 fill: panels stretched 1.733 × 1.659; the map at 1.659 is 4011 units wide.
    const stage = computeStage({ width: 6656, height: 1792, dpr: 1, mode: 'fill' });
    const p = mapPadding(stage, insets);
    const s = stage.map.scaleX;
    expect(p.left).toBeCloseTo((500 * stage.panels.scaleX) / s, 6);
    expect(p.top).toBeCloseTo(100, 6);
    expect(p.left + p.right + (3840 - 1000) * (stage.panels.scaleX / s)).toBeCloseTo(stage.map.width, 6);
  });
});
