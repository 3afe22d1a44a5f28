import { describe, expect, it } from 'vitest';
import type { ChildFigures } from '../../../../shared/src/live/events.js';
import { LEVEL_SCALE, areaFillColor, rollUpCells, rollUpHouseholds } from './areaChoropleth.js';
import { CELL_BREAKS, CELL_COLORS } from './cellScale.js';

const cells = new Map<string, ChildFigures>([
  ['410105001001001', [1, 0, 1, 2]],
  ['410105001001002', [2, 1, 0, 3]],
  ['410105001002001', [4, 0, 0, 4]],
  ['410105002001001', [8, 2, 1, 9]],
]);

describe('rollUpCells', () => {
  it('sums the cells per street and per community by code prefix', () => {
    expect(rollUpCells(cells, 'street')).toEqual(
      new Map([
        ['410105001', [7, 1, 1, 9]],
        ['410105002', [8, 2, 1, 9]],
      ]),
    );
    expect(rollUpCells(cells, 'community')).toEqual(
      new Map([
        ['410105001001', [3, 1, 1, 5]],
        ['410105001002', [4, 0, 0, 4]],
        ['410105002001', [8, 2, 1, 9]],
      ]),
    );
  });

  it('does not change the cells it reads', () => {
    rollUpCells(cells, 'street');
    expect(cells.get('410105001001001')).toEqual([1, 0, 1, 2]);
  });

  it('sums households per community', () => {
    expect(rollUpHouseholds(new Map([['410105001001001', 300], ['410105001001002', 100]]), 'community')).toEqual(new Map([['410105001001', 400]]));
    expect(rollUpHouseholds(undefined, 'community').size).toBe(0);
  });
});

describe('areaFillColor', () => {
  it('classes counts against the cells breaks times the level scale', () => {
    const top = CELL_BREAKS.open.at(-1)! * LEVEL_SCALE.street;
    expect(areaFillColor('open', 'street', [top, 0, 0, top], undefined)).toEqual(CELL_COLORS.at(-1));
    expect(areaFillColor('open', 'street', [top - 1, 0, 0, top], undefined)).not.toEqual(CELL_COLORS.at(-1));
    expect(areaFillColor('open', 'street', [1, 0, 0, 1], undefined)).toEqual(CELL_COLORS[0]);
    expect(areaFillColor('open', 'street', [0, 0, 0, 5], undefined)[3]).toBe(0);
    expect(areaFillColor('overdue', 'community', [0, 30, 0, 40], undefined)).toEqual(CELL_COLORS.at(-1));
  });

  it('classes a rate per 10,000 households unscaled, and draws nothing without households', () => {
    // 5 open cases over 200 households: 250 per 10,000, the top class of per10k.
    expect(areaFillColor('per10k', 'community', [5, 0, 0, 5], 200)).toEqual(CELL_COLORS.at(-1));
    expect(areaFillColor('per10k', 'street', [5, 0, 0, 5], undefined)[3]).toBe(0);
  });
});
