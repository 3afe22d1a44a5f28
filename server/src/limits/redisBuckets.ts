import { createHash } from 'node:crypto';
import type { KeyedLimiter } from './tokenBucket.js';

/** What the shared buckets need of a Redis client (node-redis's eval and evalSha). */
export interface RedisScripts {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/**
 * One token bucket per key, refilled and taken in one step inside Redis (a script runs alone), so
 * every node takes from the same bucket. Time is the calling node's clock; a node whose clock is
 * behind the bucket's last refill adds nothing rather than taking time back. A bucket's key
 * expires once it would be full again, so idle keys cost Redis nothing.
 */
const TAKE = `
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'last')
local tokens = tonumber(state[1])
local last = tonumber(state[2])
if tokens == nil or last == nil then
  tokens = burst
  last = now
end
if now > last then
  tokens = math.min(burst, tokens + (now - last) * rate / 1000)
  last = now
end
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'last', tostring(last))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return wait
`;
const TAKE_SHA = scriptSha(TAKE);

/** A script's SHA-1, the name Redis caches it by. */
export function scriptSha(script: string): string {
  return createHash('sha1').update(script).digest('hex');
}

/** Runs a cached script by its SHA-1; the first call after Redis started (or flushed its scripts) loads it. */
export async function runScript(redis: RedisScripts, script: string, sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown> {
  try {
    return await redis.evalSha(sha, options);
  } catch (error) {
    if (!/NOSCRIPT/.test((error as Error).message)) throw error;
    return redis.eval(script, options);
  }
}

/** The same limit as KeyedBuckets (limits/tokenBucket.ts), held in Redis for every node at once. */
export class RedisKeyedBuckets implements KeyedLimiter {
  constructor(
    private readonly redis: RedisScripts,
    /** Key prefix: the city (and schema) and what is limited, e.g. `city:4101:ingest:`. */
    private readonly prefix: string,
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number,
  ) {
    if (!(burst >= 1) || !(perSecond > 0)) throw new Error(`a token bucket needs burst >= 1 and perSecond > 0, got ${burst} and ${perSecond}`);
  }

  /** Takes a token of `key`'s bucket: 0 when granted, else the ms until one is back. */
  async take(key: string): Promise<number> {
    return Number(await runScript(this.redis, TAKE, TAKE_SHA, { keys: [this.prefix + key], arguments: [String(this.burst), String(this.perSecond), String(Math.floor(this.now()))] }));
  }
}
