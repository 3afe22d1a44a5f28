import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { runScript, scriptSha, type RedisScripts } from './redisBuckets.js';

/** Counts a hit in the key's window, opening the window with the first hit; answers the count and the ms left. */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { hits, ttl }
`;
const INCREMENT_SHA = scriptSha(INCREMENT);
/** Takes a hit back (express-rate-limit's skipSuccessfulRequests and the like), never below zero. */
const DECREMENT = `
if (tonumber(redis.call('GET', KEYS[1])) or 0) > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;
const DECREMENT_SHA = scriptSha(DECREMENT);
const RESET = `return redis.call('DEL', KEYS[1])`;
const RESET_SHA = scriptSha(RESET);

/**
 * express-rate-limit's fixed window held in Redis, so every node counts the same hits: one
 * counter per key that expires with its window (INCR and PEXPIRE in one script, so a counter
 * never lives on without its expiry). The window's length comes from the middleware's windowMs.
 */
export class RedisWindowStore implements Store {
  private windowMs = 60_000;
  /** Counters are shared: the middleware must not keep its own per-process copy. */
  readonly localKeys = false;

  constructor(
    private readonly redis: RedisScripts,
    /** Key prefix: the city (and schema) and what is limited, e.g. `city:4101::sign-in:`. */
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const reply = await runScript(this.redis, INCREMENT, INCREMENT_SHA, { keys: [this.prefix + key], arguments: [String(this.windowMs)] });
    const [hits, ttl] = (reply as [number | string, number | string]).map(Number) as [number, number];
    return { totalHits: hits, resetTime: new Date(Date.now() + ttl) };
  }

  async decrement(key: string): Promise<void> {
    await runScript(this.redis, DECREMENT, DECREMENT_SHA, { keys: [this.prefix + key], arguments: [] });
  }

  async resetKey(key: string): Promise<void> {
    await runScript(this.redis, RESET, RESET_SHA, { keys: [this.prefix + key], arguments: [] });
  }
}
