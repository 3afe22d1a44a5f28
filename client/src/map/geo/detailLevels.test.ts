import { describe, expect, it } from 'vitest';
import { detailShown, detailVisibility, districtsToLoad, type DistrictBox, type MapView } from './detailLevels.js';

const box = (west: number, south: number, east: number, north: number) => ({ west, south, east, north });
// Three districts in a row, one degree wide each, and one far away.
const districts: DistrictBox[] = [
  { code: '410101', bbox: box(0, 0, 1, 1) },
  { code: '410102', bbox: box(1, 0, 2, 1) },
  { code: '410103', bbox: box(2, 0, 3, 1) },
  { code: '410199', bbox: box(10, 10, 11, 11) },
];
const view = (zoom: number, bounds = box(0.8, 0.2, 1.6, 0.8)): MapView => ({ zoom, bounds, width: 800, height: 600 });

describe('detailVisibility', () => {
  it('switches labels at the documented zooms', () => {
    expect(detailVisibility(9.9)).toEqual({ streetLabels: false, communityLabels: false });
    expect(detailVisibility(10)).toEqual({ streetLabels: true, communityLabels: false });
    expect(detailVisibility(11)).toEqual({ streetLabels: true, communityLabels: false });
    expect(detailVisibility(12.5)).toEqual({ streetLabels: true, communityLabels: true });
  });
});

describe('districtsToLoad', () => {
  it('loads nothing below the detail zoom unless an area is selected', () => {
    expect(districtsToLoad(view(10.9), districts, null)).toEqual([]);
    expect(districtsToLoad(view(10.9), districts, '410103')).toEqual(['410103']);
    expect(districtsToLoad(null, districts, null)).toEqual([]);
  });

  it('loads districts in view, nearest the centre first, and skips those out of view', () => {
    // View centre (1.2, 0.5) lies in 410102; 410101 touches the view, 410103 does not.
    expect(districtsToLoad(view(11), districts, null)).toEqual(['410102', '410101']);
  });

  it('puts the selected district first without repeating it, and caps the count', () => {
    expect(districtsToLoad(view(12), districts, '410101')).toEqual(['410101', '410102']);
    expect(districtsToLoad(view(12, box(-1, -1, 12, 12)), districts, null, 2)).toHaveLength(2);
  });
});

describe('detailShown', () => {
  it('shows detail from the detail zoom, and for the focused district at any zoom', () => {
    expect(detailShown('410102', 10.9, null)).toBe(false);
    expect(detailShown('410102', 11, null)).toBe(true);
    expect(detailShown('410102', 8, '410102')).toBe(true);
    expect(detailShown('410103', 8, '410102')).toBe(false);
  });
});
