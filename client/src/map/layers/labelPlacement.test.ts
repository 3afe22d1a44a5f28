import { describe, expect, it } from 'vitest';
import { lineEms, placeLabels, projectorOf, wrapName, type LabelCandidate, type LabelViewport, type ScreenBox } from './labelPlacement.js';

/** 1° a side around (0, 0) on 1000×1000 px: near the equator Mercator is nearly linear. */
const view: LabelViewport = { bounds: { west: -0.5, south: -0.5, east: 0.5, north: 0.5 }, width: 1000, height: 1000 };
const everywhere: ScreenBox = { left: 0, top: 0, right: 1000, bottom: 1000 };
const at = (code: string, name: string, x: number, y: number, size = 20): LabelCandidate => ({ code, name, position: [x / 1000 - 0.5, 0.5 - y / 1000], size });
const intersect = (a: ScreenBox, b: ScreenBox) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('projectorOf', () => {
  it('maps the bounds to the corners of the screen', () => {
    const project = projectorOf(view);
    expect(project([-0.5, 0.5])).toEqual([0, 0]);
    const [x, y] = project([0.5, -0.5]);
    expect(x).toBeCloseTo(1000, 6);
    expect(y).toBeCloseTo(1000, 6);
  });
});

describe('lineEms and wrapName', () => {
  it('counts a CJK glyph as 1 em and a digit or Latin letter as 0.6', () => {
    expect(lineEms('金水区')).toBe(3);
    expect(lineEms('第1网格')).toBeCloseTo(3.6, 6);
  });

  it('breaks a long name between the parts of its name, the longer line as short as it can be', () => {
    expect(wrapName('郑州经济技术开发区')).toBe('郑州经济\n技术开发区');
    expect(wrapName('郑州高新技术产业开发区')).toBe('郑州高新技术\n产业开发区');
    expect(wrapName('郑州航空港经济综合实验区')).toBe('郑州航空港\n经济综合实验区');
    expect(wrapName('金水区')).toBeNull();
    expect(wrapName('花园路街道')).toBeNull(); // too short to need it
  });
});

describe('placeLabels', () => {
  it('keeps apart labels whose anchors are close: the second moves off its anchor or goes', () => {
    const [drawn] = placeLabels([[at('A', '金水区', 500, 500), at('B', '管城区', 510, 505)]], view, everywhere);
    expect(drawn).toHaveLength(2);
    expect(drawn![0]!.offset).toEqual([0, 0]);
    expect(drawn![1]!.offset[1]).not.toBe(0);
    expect(intersect(drawn![0]!.box, drawn![1]!.box)).toBe(false);
  });

  it('draws no label that would leave the free part of the map (under the title or a panel)', () => {
    const free: ScreenBox = { left: 200, top: 100, right: 800, bottom: 900 };
    const [drawn] = placeLabels([[at('A', '金水区', 150, 500), at('B', '中原区', 500, 500), at('C', '二七区', 500, 50)]], view, free);
    expect(drawn!.map((l) => l.code)).toEqual(['B']);
    const box = drawn![0]!.box;
    expect(box.left >= free.left && box.right <= free.right && box.top >= free.top && box.bottom <= free.bottom).toBe(true);
  });

  it('gives earlier groups the first choice: a district keeps its place, a street yields', () => {
    const [districts, streets] = placeLabels([[at('410105', '金水区', 500, 500)], [at('410105001', '经八路街道', 500, 500)]], view, everywhere);
    expect(districts![0]!.offset).toEqual([0, 0]);
    expect(streets).toHaveLength(1);
    expect(intersect(districts![0]!.box, streets![0]!.box)).toBe(false);
  });

  it('wraps a long name in two lines where one line does not fit beside its neighbours', () => {
    const free: ScreenBox = { left: 300, top: 300, right: 700, bottom: 700 };
    // A one-line 9-character name at 40 px is 366 px wide: wider than the gap between the two others.
    const [drawn] = placeLabels([[at('L', '甲', 330, 500, 40), at('R', '乙', 670, 500, 40), at('Z', '郑州经济技术开发区', 500, 500, 40)]], view, free);
    const zone = drawn!.find((l) => l.code === 'Z');
    expect(zone?.text).toBe('郑州经济\n技术开发区');
    for (const other of drawn!.filter((l) => l !== zone)) expect(intersect(zone!.box, other.box)).toBe(false);
  });

  it('leaves out what fits nowhere rather than draw it over another', () => {
    const crowd = Array.from({ length: 50 }, (_, i) => at(`S${i}`, '某某街道', 500 + (i % 5), 500 + (i % 7)));
    const [drawn] = placeLabels([crowd], view, everywhere);
    expect(drawn!.length).toBeGreaterThan(0);
    expect(drawn!.length).toBeLessThan(50);
    drawn!.forEach((a, i) => drawn!.slice(i + 1).forEach((b) => expect(intersect(a.box, b.box)).toBe(false)));
  });
});
