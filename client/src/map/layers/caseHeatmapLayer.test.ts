import { describe, expect, it } from 'vitest';
import { heatmapLayer } from './liveLayers.js';
import { CaseHeatmapLayer, withoutRenderTarget } from './caseHeatmapLayer.js';

describe('CaseHeatmapLayer', () => {
  it('drops the weight pass’s render target from its shader props, and nothing else', () => {
    const target = { id: 'weights-texture' };
    const project = { viewport: 'v' };
    expect(withoutRenderTarget({ project, weight: { radiusPixels: 50, textureWidth: 2048, weightsTexture: target } })).toEqual({ project, weight: { radiusPixels: 50, textureWidth: 2048 } });
    const untouched = { project, weight: { radiusPixels: 50 } };
    expect(withoutRenderTarget(untouched)).toBe(untouched);
    expect(withoutRenderTarget({ maxWeight: { inTexture: target } })).toEqual({ maxWeight: { inTexture: target } });
  });

  it('is the layer the wall’s heatmap uses, under its stable id', () => {
    const layer = heatmapLayer([], true);
    expect(layer).toBeInstanceOf(CaseHeatmapLayer);
    expect(layer.id).toBe('case-heat');
  });
});
