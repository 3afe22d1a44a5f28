import { describe, expect, it } from 'vitest';
import { parseWallConfig } from './wallConfig.js';

describe('parseWallConfig', () => {
  it('accepts the offline basemap and a style URL on the user network', () => {
    expect(parseWallConfig({ basemap: null })).toEqual({ basemap: null });
    expect(parseWallConfig({ basemap: { style: 'http://tiles.lan:8081/style.json', extra: 1 } })).toEqual({ basemap: { style: 'http://tiles.lan:8081/style.json' } });
  });

  it('says what is wrong', () => {
    expect(() => parseWallConfig(null)).toThrow(/GET \/api\/wall-config .*not an object/);
    expect(() => parseWallConfig({})).toThrow(/basemap is neither null/);
    expect(() => parseWallConfig({ basemap: { style: 'javascript:alert(1)' } })).toThrow(/http\(s\) URL/);
    expect(() => parseWallConfig({ basemap: { style: '/relative.json' } })).toThrow(/http\(s\) URL/);
  });
});
