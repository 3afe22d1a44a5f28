import { describe, expect, it } from 'vitest';
import { BoundedCache } from './boundedCache.js';

describe('BoundedCache', () => {
  it('evicts the least recently used entry beyond capacity', () => {
    const cache = new BoundedCache<string, number>(2);
    expect(cache.set('a', 1)).toEqual([]);
    cache.set('b', 2);
    cache.get('a'); // a is now more recent than b
    expect(cache.set('c', 3)).toEqual(['b']);
    expect(cache.keys()).toEqual(['a', 'c']);
    expect(cache.size).toBe(2);
  });

  it('peek does not change the eviction order', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.peek('a')).toBe(1);
    expect(cache.set('c', 3)).toEqual(['a']);
  });

  it('overwriting a key keeps one entry', () => {
    const cache = new BoundedCache<string, number>(1);
    cache.set('a', 1);
    expect(cache.set('a', 2)).toEqual([]);
    expect(cache.get('a')).toBe(2);
    expect(cache.get('missing')).toBeUndefined();
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new BoundedCache(0)).toThrow(/positive integer/);
  });
});
