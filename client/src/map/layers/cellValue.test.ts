import { describe, expect, it } from 'vitest';
import type { ChildFigures } from '../../../../shared/src/live/events.js';
import { cellValue, per10kHouseholds } from './cellValue.js';

describe('per10kHouseholds', () => {
  it('scales a count to 10,000 households', () => {
    expect(per10kHouseholds(1, 400)).toBe(25);
    expect(per10kHouseholds(3, 150)).toBe(200);
    expect(per10kHouseholds(0, 380)).toBe(0);
  });

  it('has no value for a cell without households', () => {
    expect(per10kHouseholds(2, 0)).toBeNull();
    expect(per10kHouseholds(2, -5)).toBeNull();
    expect(per10kHouseholds(2, Number.NaN)).toBeNull();
    expect(per10kHouseholds(2, Number.POSITIVE_INFINITY)).toBeNull();
  });
});

describe('cellValue', () => {
  // [open, overdue, newLastHour, total]
  const figures: ChildFigures = [4, 1, 2, 30];

  it('reads the counts from the feed, households or not', () => {
    expect(cellValue('open', figures, undefined)).toBe(4);
    expect(cellValue('overdue', figures, 400)).toBe(1);
    expect(cellValue('new', figures, undefined)).toBe(2);
  });

  it('divides open cases by households for per10k', () => {
    expect(cellValue('per10k', figures, 400)).toBe(100);
    expect(cellValue('per10k', [1, 0, 0, 1], 125)).toBe(80);
  });

  it('is 0 (draws nothing) without figures, without households, or with 0 households', () => {
    expect(cellValue('open', undefined, 400)).toBe(0);
    expect(cellValue('per10k', undefined, 400)).toBe(0);
    expect(cellValue('per10k', figures, undefined)).toBe(0);
    expect(cellValue('per10k', figures, 0)).toBe(0);
  });
});
