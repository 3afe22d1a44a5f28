import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisKeyedBuckets } from './redisBuckets.js';

const url = process.env.REDIS_URL;
if (!url) console.warn('SKIPPED: Redis shared rate limit tests — set REDIS_URL=redis://... to run them');

describe.skipIf(!url)('RedisKeyedBuckets', () => {
  const redis = createClient({ url: url! });
  // A prefix of its own per run: runs never share buckets.
  const prefix = `test:${randomBytes(6).toString('hex')}:ingest:`;
  let now = 1_000_000;
  const node = () => new RedisKeyedBuckets(redis, prefix, 10, 10, () => now);

  beforeAll(async () => {
    await redis.connect();
  });
  afterAll(async () => {
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}*` })) if (keys.length > 0) await redis.del(keys);
    await redis.close();
  });

  it('is one bucket per key for every node: a burst spread over two nodes is refused past its size', async () => {
    const a = node();
    const b = node();
    const waits = [];
    for (let i = 0; i < 10; i++) waits.push(await (i % 2 ? a : b).take('acct-1'));
    expect(waits).toEqual(new Array(10).fill(0));
    expect(await a.take('acct-1')).toBe(100);
    expect(await b.take('acct-1')).toBe(100);
    // Another key has its own bucket.
    expect(await b.take('acct-2')).toBe(0);
    // 100 ms later one token is back, on whichever node asks first.
    now += 100;
    expect(await b.take('acct-1')).toBe(0);
    expect(await a.take('acct-1')).toBe(100);
  });

  it('takes exactly the burst when many requests race on both nodes at once', async () => {
    const a = node();
    const b = node();
    const waits = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).take('acct-race')));
    expect(waits.filter((w) => w === 0)).toHaveLength(10);
  });

  it('adds nothing for a node whose clock is behind the last refill', async () => {
    const ahead = node();
    let late = now - 5_000;
    const behind = new RedisKeyedBuckets(redis, prefix, 10, 10, () => late);
    for (let i = 0; i < 10; i++) expect(await ahead.take('acct-skew')).toBe(0);
    expect(await behind.take('acct-skew')).toBe(100);
    late += 10_000;
    expect(await behind.take('acct-skew')).toBe(0);
  });

  it('lets an idle bucket expire once it would be full again', async () => {
    await node().take('acct-ttl');
    const ttl = await redis.pTTL(`${prefix}acct-ttl`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(2_000);
  });

  it('refuses a bucket that could never grant', () => {
    expect(() => new RedisKeyedBuckets(redis, prefix, 0, 10, () => now)).toThrow(/burst >= 1/);
  });
});
