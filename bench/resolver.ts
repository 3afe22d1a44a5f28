import { performance } from 'node:perf_hooks';
import { loadCity } from '../fixtures/loadCity.js';
import { AreaResolver } from '../shared/src/city/resolver.js';
import { createRandom } from '../shared/src/util/prng.js';

/** Point → grid lookups per second over random points in the city's bounding box (≈ 85% inside). */
export function benchResolver(): Record<string, number | string> {
  const loadStart = performance.now();
  const { model } = loadCity();
  const loadMs = performance.now() - loadStart;
  const buildStart = performance.now();
  const resolver = AreaResolver.fromModel(model);
  const buildMs = performance.now() - buildStart;
  const random = createRandom('bench');
  const n = 2_000_000;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lon[i] = 112.72 + random() * 1.49;
    lat[i] = 34.26 + random() * 0.72;
  }
  let inside = 0;
  for (let i = 0; i < 200_000; i++) if (resolver.locate(lon[i]!, lat[i]!)) inside++; // warm-up
  inside = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) if (resolver.locate(lon[i]!, lat[i]!) !== null) inside++;
  const seconds = (performance.now() - start) / 1000;
  // The dense centre: small cells, so most lookups hit buckets that borders cross.
  for (let i = 0; i < n; i++) {
    lon[i] = 113.6 + random() * 0.15;
    lat[i] = 34.72 + random() * 0.1;
  }
  const urbanStart = performance.now();
  for (let i = 0; i < n; i++) resolver.locate(lon[i]!, lat[i]!);
  const urbanSeconds = (performance.now() - urbanStart) / 1000;
  return {
    'city load (ms)': Math.round(loadMs),
    'resolver build (ms)': Math.round(buildMs),
    'grid cells indexed': resolver.size,
    'lookups': n,
    'share inside': (inside / n).toFixed(3),
    'lookups/s (whole city box)': Math.round(n / seconds),
    'lookups/s (urban core)': Math.round(n / urbanSeconds),
    'target lookups/s': 1_000_000,
  };
}
