/**
 * A token bucket: `burst` requests at once, then `perSecond` on average. A request over it is
 * refused with the wait until the next token, and takes nothing.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes a token: 0 when granted, else the ms until one is back. */
  take(): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perSecond) / 1000);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
  }
}

/**
 * A limit per key: 0 when a request may go, else the ms until it may. In one process the buckets
 * are in memory (KeyedBuckets); with several, in Redis (RedisKeyedBuckets), so the limit holds
 * per account whichever node a request reaches.
 */
export interface KeyedLimiter {
  take(key: string): number | Promise<number>;
}

/**
 * One TokenBucket per key (an account), at most `maxKeys` of them: the least recently used goes
 * first, so a flood of new keys costs bounded memory (a forgotten key starts again with a full bucket).
 */
export class KeyedBuckets implements KeyedLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Takes a token of `key`'s bucket: 0 when granted, else the ms until one is back. */
  take(key: string): number {
    let bucket = this.buckets.get(key);
    if (bucket) this.buckets.delete(key);
    else bucket = new TokenBucket(this.burst, this.perSecond, this.now);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    return bucket.take();
  }

  get size(): number {
    return this.buckets.size;
  }
}
