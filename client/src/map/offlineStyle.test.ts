import { describe, expect, it } from 'vitest';
import { darkTheme } from '../theme.js';
import { offlineStyle } from './offlineStyle.js';

describe('offlineStyle', () => {
  it('references nothing on the network', () => {
    const style = offlineStyle(darkTheme);
    expect(JSON.stringify(style)).not.toMatch(/https?:|\/\/|mapbox:|pmtiles:/);
    expect(style).not.toHaveProperty('glyphs');
    expect(style).not.toHaveProperty('sprite');
    expect(style.sources).toEqual({});
  });

  it('has only a background layer in the theme colour', () => {
    expect(offlineStyle(darkTheme).layers).toEqual([{ id: 'background', type: 'background', paint: { 'background-color': darkTheme.background } }]);
  });
});
