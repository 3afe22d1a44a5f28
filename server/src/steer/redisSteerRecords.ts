import { createHash } from 'node:crypto';
import type { WallShows } from '../../../shared/src/steer/wallStatus.js';
import { MAX_REPORTS, type SteerRecord, type SteerRecords } from './steerRecords.js';

/** What the shared records need of a Redis client (node-redis's eval and evalSha). */
export interface RedisEval {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/**
 * Compare-and-set of one wall's record: KEYS[1] the wall's hash (seq, record), KEYS[2] the set of
 * locked walls; ARGV the new seq, the record's JSON, '1' when it holds a lock, the device. Stored
 * only while the hash's seq is still ARGV[1] - 1 (none stored: 0); a script runs alone, so two
 * nodes racing for one wall cannot both write.
 */
const PUT = `
local seq = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
if seq ~= tonumber(ARGV[1]) - 1 then return 0 end
redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'record', ARGV[2])
if ARGV[3] == '1' then redis.call('SADD', KEYS[2], ARGV[4]) else redis.call('SREM', KEYS[2], ARGV[4]) end
return 1
`;

/** The records of the locked walls: KEYS[1] the locked set, ARGV[1] the wall hashes' prefix. */
const LOCKED = `
local out = {}
for _, device in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local record = redis.call('HGET', ARGV[1] .. device, 'record')
  if record then table.insert(out, record) end
end
return out
`;

/**
 * Keeps a wall's report: KEYS[1] the reports hash, KEYS[2] a sorted set of devices by report time;
 * ARGV the device, the report's JSON, the time, the most kept. Over the most, the longest silent
 * walls go first (as in the in-process records).
 */
const REPORT = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if over > 0 then
  for _, device in ipairs(redis.call('ZPOPMIN', KEYS[2], over)) do redis.call('HDEL', KEYS[1], device) end
end
return 0
`;

const GET = `return redis.call('HGET', KEYS[1], 'record')`;
const SHOWS = `return redis.call('HGET', KEYS[1], ARGV[1])`;

const sha = (script: string): string => createHash('sha1').update(script).digest('hex');
const SCRIPTS = { PUT, LOCKED, REPORT, GET, SHOWS };
type ScriptName = keyof typeof SCRIPTS;
const SHAS = Object.fromEntries(Object.entries(SCRIPTS).map(([name, script]) => [name, sha(script)])) as Record<ScriptName, string>;

/**
 * Locks, steered states and the walls' reports in Redis, shared by every server node (REDIS_URL):
 * a hash per wall (`<prefix>wall:<device>`: its seq and record), the set of locked walls, and the
 * reports. The seq only grows, so a wall never takes a newer state for an older one; a lock lapses
 * by its `activeAt` and the idle timeout (each node's idle check releases it with the same
 * compare-and-set, so exactly one node does).
 */
export class RedisSteerRecords implements SteerRecords {
  constructor(
    private readonly redis: RedisEval,
    /** Key prefix: the city (and schema) and `steer:`, e.g. `city:410100::steer:`. */
    private readonly prefix: string,
    /** Epoch ms, to order the reports (the eviction of the longest silent). */
    private readonly now: () => number,
  ) {}

  private wallKey = (device: string): string => `${this.prefix}wall:${device}`;
  private lockedKey = (): string => `${this.prefix}locked`;
  private showsKey = (): string => `${this.prefix}shows`;
  private reportedKey = (): string => `${this.prefix}reported`;

  async get(device: string): Promise<SteerRecord | null> {
    const json = await this.run('GET', [this.wallKey(device)], []);
    return typeof json === 'string' ? (JSON.parse(json) as SteerRecord) : null;
  }

  async put(next: SteerRecord): Promise<boolean> {
    const done = await this.run('PUT', [this.wallKey(next.device), this.lockedKey()], [String(next.seq), JSON.stringify(next), next.lock ? '1' : '0', next.device]);
    return Number(done) === 1;
  }

  async locked(): Promise<SteerRecord[]> {
    const rows = await this.run('LOCKED', [this.lockedKey()], [this.wallKey('')]);
    return (Array.isArray(rows) ? rows : []).map((json) => JSON.parse(String(json)) as SteerRecord).filter((r) => r.lock !== null);
  }

  async report(device: string, shows: WallShows): Promise<void> {
    await this.run('REPORT', [this.showsKey(), this.reportedKey()], [device, JSON.stringify(shows), String(Math.floor(this.now())), String(MAX_REPORTS)]);
  }

  async shows(device: string): Promise<WallShows | null> {
    const json = await this.run('SHOWS', [this.showsKey()], [device]);
    return typeof json === 'string' ? (JSON.parse(json) as WallShows) : null;
  }

  private async run(name: ScriptName, keys: string[], args: string[]): Promise<unknown> {
    const options = { keys, arguments: args };
    try {
      return await this.redis.evalSha(SHAS[name], options);
    } catch (error) {
      // The first call after Redis started (or flushed its scripts) loads the script.
      if (!/NOSCRIPT/.test((error as Error).message)) throw error;
      return this.redis.eval(SCRIPTS[name], options);
    }
  }
}
