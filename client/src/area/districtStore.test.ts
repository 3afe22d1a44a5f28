import { describe, expect, it } from 'vitest';
import type { DistrictAreas } from '../api/loadCity.js';
import { DistrictStore } from './districtStore.js';

/** A load function whose calls the test settles by hand. */
function manualLoader() {
  const calls: { code: string; url: string; resolve: (a: DistrictAreas) => void; reject: (e: Error) => void }[] = [];
  const load = (code: string, url: string) =>
    new Promise<DistrictAreas>((resolve, reject) => {
      calls.push({ code, url, resolve, reject });
    });
  return { calls, load };
}

const areas = (code: string): DistrictAreas => ({ code, communities: [], grids: [] });
const urls = { '410102': '/g/410102', '410103': '/g/410103', '410104': '/g/410104' };
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('DistrictStore', () => {
  it('fetches each district once and notifies when it is ready', async () => {
    const { calls, load } = manualLoader();
    const store = new DistrictStore({ urls, load, capacity: 2 });
    let notified = 0;
    store.subscribe(() => notified++);
    store.request(['410102']);
    store.request(['410102']);
    expect(calls.map((c) => c.url)).toEqual(['/g/410102']);
    expect(store.get('410102')).toEqual({ status: 'loading' });
    calls[0]?.resolve(areas('410102'));
    await flush();
    expect(store.get('410102')).toEqual({ status: 'ready', areas: areas('410102') });
    expect(notified).toBe(2);
    store.request(['410102']);
    expect(calls).toHaveLength(1);
  });

  it('holds at most `capacity` districts and drops a load evicted in flight', async () => {
    const { calls, load } = manualLoader();
    const store = new DistrictStore({ urls, load, capacity: 2 });
    store.request(['410102', '410103']);
    store.request(['410104']); // evicts 410102 while it is loading
    expect(store.cachedCodes()).toEqual(['410103', '410104']);
    calls[0]?.resolve(areas('410102'));
    await flush();
    expect(store.get('410102')).toBeUndefined();
    expect(store.cachedCodes()).toHaveLength(2);
  });

  it('records failures and retries them on the next request', async () => {
    const { calls, load } = manualLoader();
    const store = new DistrictStore({ urls, load, capacity: 2 });
    store.request(['410103']);
    calls[0]?.reject(new Error('GET /g/410103 failed: 503'));
    await flush();
    expect(store.get('410103')).toEqual({ status: 'error', message: 'GET /g/410103 failed: 503' });
    store.request(['410103']);
    expect(calls).toHaveLength(2);
  });

  it('reports a district without a geometry URL instead of fetching', () => {
    const { calls, load } = manualLoader();
    const store = new DistrictStore({ urls, load, capacity: 2 });
    store.request(['410199']);
    expect(calls).toHaveLength(0);
    expect(store.get('410199')).toEqual({ status: 'error', message: 'no geometry URL for district 410199' });
  });

  it('refuses a request larger than the cache', () => {
    const store = new DistrictStore({ urls, load: manualLoader().load, capacity: 1 });
    expect(() => store.request(['410102', '410103'])).toThrow(/cache holds 1/);
  });
});
