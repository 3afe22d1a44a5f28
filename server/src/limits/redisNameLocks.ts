import { afterFailure, type Failure, type NameLocks } from '../auth/signInLock.js';
import { runScript, scriptSha, type RedisScripts } from './redisBuckets.js';

/** A name's failures are forgotten a day after its last one (the process's own copy forgets only under pressure of other names). */
export const NAME_FAILURES_KEPT_MS = 86_400_000;

/** One more failure of the name, counted by every node at once: answers the count, this one included. */
const COUNT = `
local failed = redis.call('HINCRBY', KEYS[1], 'failed', 1)
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return failed
`;
const COUNT_SHA = scriptSha(COUNT);
/** The failure that reached the limit: the name is locked until ARGV[1] and counts from zero after. */
const LOCK = `
redis.call('HSET', KEYS[1], 'failed', 0, 'lockedUntil', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 0
`;
const LOCK_SHA = scriptSha(LOCK);
const LOCKED_UNTIL = `return redis.call('HGET', KEYS[1], 'lockedUntil')`;
const LOCKED_UNTIL_SHA = scriptSha(LOCKED_UNTIL);

/**
 * Failed sign-ins of user names without an account, in Redis: one count per name for every node,
 * under the same rule as an account's (signInLock.ts afterFailure), so that the answers for a
 * made-up name and for an account are the same whichever nodes the attempts reach. A name's key
 * expires a day after its last failure (and never before its lock ends).
 */
export class RedisNameLocks implements NameLocks {
  constructor(
    private readonly redis: RedisScripts,
    /** Key prefix: the city (and schema), e.g. `city:4101::sign-in-name:`. */
    private readonly prefix: string,
  ) {}

  async lockedUntil(name: string, now: number): Promise<number | null> {
    const reply = await runScript(this.redis, LOCKED_UNTIL, LOCKED_UNTIL_SHA, { keys: [this.prefix + name], arguments: [] });
    const lockedUntil = reply === null ? null : Number(reply);
    return lockedUntil !== null && lockedUntil > now ? lockedUntil : null;
  }

  async fail(name: string, now: number): Promise<Failure> {
    const key = this.prefix + name;
    const failed = Number(await runScript(this.redis, COUNT, COUNT_SHA, { keys: [key], arguments: [String(NAME_FAILURES_KEPT_MS)] }));
    const failure = afterFailure(failed - 1, now);
    if (failure.lockedUntil !== null) await runScript(this.redis, LOCK, LOCK_SHA, { keys: [key], arguments: [String(failure.lockedUntil), String(Math.max(NAME_FAILURES_KEPT_MS, failure.lockedUntil - now))] });
    return failure;
  }
}
