import { beforeAll, describe, expect, it } from 'vitest';
import { loadCity } from '../../../fixtures/loadCity.js';
import { bboxOf, containsPoint, type MultiPolygonCoords } from '../geo/planar.js';
import { createRandom } from '../util/prng.js';
import type { CityModel } from './cityModel.js';
import { AreaResolver, chainOf } from './resolver.js';
import { toLonLat, toQuantized } from './topology.js';

interface Level {
  codes: string[];
  rings: MultiPolygonCoords[];
  /** minX, minY, maxX, maxY per shape */
  boxes: Float64Array;
}

function packLevel(model: CityModel, level: 'district' | 'street' | 'community' | 'grid'): Level {
  const nodes = model.nodesAt(level);
  const boxes = new Float64Array(nodes.length * 4);
  const rings = nodes.map((n, i) => {
    const mp = model.geometry(n.code)!;
    const b = bboxOf(mp);
    boxes.set([b.minX, b.minY, b.maxX, b.maxY], 4 * i);
    return mp;
  });
  return { codes: nodes.map((n) => n.code), rings, boxes };
}

/** The slow, obviously-correct answer: test every polygon of a level, no index. */
function bruteForce(level: Level, x: number, y: number): string | null {
  const b = level.boxes;
  for (let i = 0; i < level.codes.length; i++) {
    if (x < b[4 * i]! || y < b[4 * i + 1]! || x > b[4 * i + 2]! || y > b[4 * i + 3]!) continue;
    if (containsPoint(level.rings[i]!, x, y)) return level.codes[i]!;
  }
  return null;
}

describe('AreaResolver', () => {
  let model: CityModel;
  let resolver: AreaResolver;
  const levels = {} as Record<'district' | 'street' | 'community' | 'grid', Level>;

  beforeAll(() => {
    model = loadCity().model;
    resolver = AreaResolver.fromModel(model);
    for (const level of ['district', 'street', 'community', 'grid'] as const) levels[level] = packLevel(model, level);
  });

  it('indexes every grid cell', () => {
    expect(resolver.size).toBe(model.counts().grid);
  });

  it('resolves a known place to its full chain', () => {
    // 郑州二七纪念塔, in the centre of the old city.
    const r = resolver.resolve(113.6695, 34.7536);
    expect(r.status).toBe('inside');
    if (r.status !== 'inside') return;
    const chain = chainOf(model, r.grid);
    expect(chain.city.code).toBe('410100');
    expect(['410102', '410103', '410104', '410105']).toContain(chain.district.code);
    expect(chain.grid.code.startsWith(chain.community.code)).toBe(true);
    expect(chain.community.code.startsWith(chain.street.code)).toBe(true);
  });

  it('says clearly when a point is outside the city or not a coordinate', () => {
    expect(resolver.resolve(116.4, 39.9)).toMatchObject({ status: 'outside' }); // Beijing
    expect(resolver.resolve(Number.NaN, 34.7)).toMatchObject({ status: 'invalid', field: 'lon' });
    expect(resolver.resolve(113.6, Infinity)).toMatchObject({ status: 'invalid', field: 'lat' });
    expect(resolver.resolve(200, 34.7)).toMatchObject({ status: 'invalid', field: 'lon' });
    expect(resolver.resolve(113.6, -91)).toMatchObject({ status: 'invalid', field: 'lat' });
    expect(resolver.resolve('113.6', 34.7)).toMatchObject({ status: 'invalid', field: 'lon' });
  });

  it('agrees with brute force on 100,000 random points and on boundary points', () => {
    const random = createRandom('resolver-agreement');
    const city = bboxOf(levels.district.rings.flat());
    const transform = model.file.transform;
    const points: [number, number][] = [];
    for (let i = 0; i < 100_000; i++) {
      // 5% margin around the city so that "outside" is exercised too.
      const x = city.minX + (random() * 1.1 - 0.05) * (city.maxX - city.minX);
      const y = city.minY + (random() * 1.1 - 0.05) * (city.maxY - city.minY);
      points.push(toLonLat(transform, [x, y]));
    }
    // Vertices and edge midpoints of cells: exactly on shared borders and corners.
    for (let i = 0; i < levels.grid.codes.length; i += 7) {
      const ring = levels.grid.rings[i]![0]![0]!;
      for (let k = 0; k < ring.length - 1; k += 2) {
        const [ax, ay] = ring[k]!;
        const [bx, by] = ring[k + 1]!;
        points.push(toLonLat(transform, [ax, ay]));
        points.push(toLonLat(transform, [(ax + bx) / 2, (ay + by) / 2]));
      }
    }
    const onBorders = points.length - 100_000;
    let inside = 0;
    const disagreements: string[] = [];
    for (const [lon, lat] of points) {
      const grid = resolver.locate(lon, lat);
      const [x, y] = toQuantized(transform, lon, lat);
      const got = [grid?.slice(0, 6), grid?.slice(0, 9), grid?.slice(0, 12), grid].map((c) => c ?? null);
      const want = [levels.district, levels.street, levels.community, levels.grid].map((shapes) => bruteForce(shapes, x, y));
      if (grid !== null) inside++;
      if (got.some((c, i) => c !== want[i])) disagreements.push(`(${lon}, ${lat}): index ${got.join('/')} vs brute force ${want.join('/')}`);
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    expect(inside).toBeGreaterThan(50_000);
    expect(onBorders).toBeGreaterThan(10_000);
  }, 300_000);
});
