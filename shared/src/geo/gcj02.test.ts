import { describe, expect, it } from 'vitest';
import { createRandom } from '../util/prng.js';
import { gcj02ToWgs84, wgs84ToGcj02 } from './gcj02.js';

// Published pairs (WGS-84 → GCJ-02) used by independent implementations of the transform.
const PAIRS: { name: string; wgs: [number, number]; gcj: [number, number] }[] = [
  { name: 'Shanghai', wgs: [121.5272106, 31.1774276], gcj: [121.531541859215, 31.17530398364597] },
  { name: 'Shenzhen', wgs: [113.912316, 22.543847], gcj: [113.9171764808363, 22.540796131694766] },
  { name: 'Beijing', wgs: [116.377817, 39.911954], gcj: [116.38404722455657, 39.91334545536069] },
];

describe('GCJ-02 ⇄ WGS-84', () => {
  it.each(PAIRS)('matches the published forward transform in $name', ({ wgs, gcj }) => {
    const [lon, lat] = wgs84ToGcj02(wgs);
    expect(lon).toBeCloseTo(gcj[0], 8);
    expect(lat).toBeCloseTo(gcj[1], 8);
  });

  it('inverts GCJ-02 (123, 45) as other libraries do', () => {
    const [lon, lat] = gcj02ToWgs84([123, 45]);
    expect(lon).toBeCloseTo(122.99395597, 6);
    expect(lat).toBeCloseTo(44.99804071, 6);
  });

  it('round-trips anywhere in Zhengzhou to within 1e-8 degrees (about 1 mm)', () => {
    const random = createRandom(7);
    for (let i = 0; i < 2000; i++) {
      const wgs: [number, number] = [112.7 + random() * 1.6, 34.2 + random() * 0.8];
      const back = gcj02ToWgs84(wgs84ToGcj02(wgs));
      expect(Math.abs(back[0] - wgs[0])).toBeLessThan(1e-8);
      expect(Math.abs(back[1] - wgs[1])).toBeLessThan(1e-8);
    }
  });

  it('moves Zhengzhou by the expected few hundred metres', () => {
    const [lon, lat] = wgs84ToGcj02([113.665, 34.757]);
    const dx = (lon - 113.665) * 91_400;
    const dy = (lat - 34.757) * 111_000;
    const metres = Math.hypot(dx, dy);
    expect(metres).toBeGreaterThan(100);
    expect(metres).toBeLessThan(800);
  });

  it('leaves points outside China unchanged', () => {
    expect(wgs84ToGcj02([2.35, 48.85])).toEqual([2.35, 48.85]);
    expect(gcj02ToWgs84([-74, 40.7])).toEqual([-74, 40.7]);
  });
});
