import { describe, expect, it } from 'vitest';
import { toggledLayers } from './wallLayers.js';

describe('toggledLayers', () => {
  it('turns a layer on in drawing order, 党建引领’s above the live ones', () => {
    expect(toggledLayers(['points', 'choropleth'], 'centres')).toEqual(['choropleth', 'points', 'centres']);
    expect(toggledLayers(['centres'], 'coverage')).toEqual(['coverage', 'centres']);
    expect(toggledLayers([], 'heatmap')).toEqual(['heatmap']);
  });

  it('turns a shown layer off, down to none', () => {
    expect(toggledLayers(['choropleth', 'coverage', 'centres'], 'coverage')).toEqual(['choropleth', 'centres']);
    expect(toggledLayers(['workers'], 'workers')).toEqual([]);
  });
});
