import { describe, expect, it } from 'vitest';
import { KeyedBuckets, TokenBucket } from './tokenBucket.js';

describe('TokenBucket', () => {
  it('grants the burst, then refills at its rate, and says how long to wait', () => {
    let now = 0;
    const bucket = new TokenBucket(3, 10, () => now);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([0, 0, 0]);
    expect(bucket.take()).toBe(100);
    now += 100;
    expect(bucket.take()).toBe(0);
    expect(bucket.take()).toBeGreaterThan(0);
  });
});

describe('KeyedBuckets', () => {
  it('keeps one bucket per key and forgets the least recently used beyond its bound', () => {
    const now = 0;
    const buckets = new KeyedBuckets(1, 1, () => now, 3);
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBeGreaterThan(0);
    expect(buckets.take('b')).toBe(0);
    for (let i = 0; i < 1000; i++) buckets.take(`flood${i}`);
    expect(buckets.size).toBe(3);
    // 'a' was forgotten, so it starts again with a full bucket.
    expect(buckets.take('a')).toBe(0);
  });
});
