import { describe, expect, it } from 'vitest';
import { formatFigure, glyphs, INTEGER, NO_VALUE } from './figureFormat.js';

describe('formatFigure', () => {
  it('writes integers with the locale grouping', () => {
    expect(formatFigure(51571, INTEGER, 'zh-CN')).toBe('51,571');
    expect(formatFigure(51571, INTEGER, 'en-US')).toBe('51,571');
    expect(formatFigure(0, INTEGER, 'zh-CN')).toBe('0');
  });

  it('writes ratios as percentages and decimals with fixed digits', () => {
    expect(formatFigure(0.8734, { kind: 'percent', digits: 1 }, 'zh-CN')).toBe('87.3%');
    expect(formatFigure(1, { kind: 'percent', digits: 0 }, 'en-US')).toBe('100%');
    expect(formatFigure(2.5, { kind: 'decimal', digits: 2 }, 'en-US')).toBe('2.50');
  });

  it('shows a dash for no value', () => {
    expect(formatFigure(null, INTEGER, 'zh-CN')).toBe(NO_VALUE);
    expect(formatFigure(Number.NaN, INTEGER, 'zh-CN')).toBe(NO_VALUE);
  });
});

describe('glyphs', () => {
  it('splits digits into drums and keeps signs fixed', () => {
    expect(glyphs('87.3%').map((g) => [g.char, g.digit])).toEqual([['8', 8], ['7', 7], ['.', null], ['3', 3], ['%', null]]);
  });

  it('keys from the right, so 999 → 1,000 keeps the lower drums in place', () => {
    const before = glyphs('999').map((g) => g.key);
    const after = glyphs('1,000').map((g) => g.key);
    expect(before).toEqual(['2', '1', '0']);
    expect(after).toEqual(['4', '3:,', '2', '1', '0']);
  });
});
