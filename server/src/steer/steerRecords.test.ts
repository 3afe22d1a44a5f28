import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { WallShows } from '../../../shared/src/steer/wallStatus.js';
import { openRedis, type RedisLink } from '../cluster/redisLink.js';
import { RedisSteerRecords } from './redisSteerRecords.js';
import { MemorySteerRecords, type SteerRecord, type SteerRecords } from './steerRecords.js';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('SKIPPED: the wall steering records in Redis — set REDIS_URL=redis://... to run them');

const lock = { accountId: 'a1', username: 'zhang', name: '张指挥', since: 1_000, activeAt: 2_000 };
const state = { area: '410105', metric: null, layers: null, tour: null, focus: null, scene: null };
const shows = (area: string, at: number): WallShows => ({ area, tour: null, takeover: null, metric: 'open', layers: ['choropleth'], steerSeq: null, at });

/** The one contract every SteerRecords keeps, in-process or shared. */
function describeRecords(name: string, open: () => Promise<SteerRecords>): void {
  describe(`SteerRecords: ${name}`, () => {
    it('stores a record only as the next seq of the stored one (a compare-and-set)', async () => {
      const records = await open();
      const device = `wall-${randomBytes(4).toString('hex')}`;
      expect(await records.get(device)).toBeNull();
      expect(await records.put({ device, seq: 2, state, lock })).toBe(false);
      const first: SteerRecord = { device, seq: 1, state, lock };
      expect(await records.put(first)).toBe(true);
      expect(await records.get(device)).toEqual(first);
      // Two writers that both read seq 1: only the first of them stores.
      expect(await records.put({ device, seq: 2, state: { ...state, area: '410105001' }, lock })).toBe(true);
      expect(await records.put({ device, seq: 2, state: { ...state, area: '410103' }, lock: { ...lock, accountId: 'b2' } })).toBe(false);
      expect((await records.get(device))?.state?.area).toBe('410105001');
    });

    it('lists the locked records, and a record freed drops out of the list', async () => {
      const records = await open();
      const held = `wall-${randomBytes(4).toString('hex')}`;
      const free = `wall-${randomBytes(4).toString('hex')}`;
      await records.put({ device: held, seq: 1, state, lock });
      await records.put({ device: free, seq: 1, state: null, lock: null });
      const devices = (await records.locked()).map((r) => r.device);
      expect(devices).toContain(held);
      expect(devices).not.toContain(free);
      expect(await records.put({ device: held, seq: 2, state: null, lock: null })).toBe(true);
      expect((await records.locked()).map((r) => r.device)).not.toContain(held);
    });

    it('keeps the latest report of each wall', async () => {
      const records = await open();
      const device = `wall-${randomBytes(4).toString('hex')}`;
      expect(await records.shows(device)).toBeNull();
      await records.report(device, shows('410105', 1));
      await records.report(device, shows('410105001', 2));
      expect(await records.shows(device)).toEqual(shows('410105001', 2));
    });
  });
}

describeRecords('in process', async () => new MemorySteerRecords());

describe.skipIf(!redisUrl)('Redis', () => {
  const prefix = `steer_records_test_${randomBytes(6).toString('hex')}:`;
  let redis: RedisLink | null = null;
  let now = 0;
  const client = async (): Promise<RedisLink> => (redis ??= await openRedis(redisUrl!, (err) => console.error(err)));
  afterAll(async () => {
    if (!redis) return;
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(keys);
    await redis.close();
  });
  describeRecords('Redis', async () => new RedisSteerRecords(await client(), prefix, () => ++now));

  it('two clients of one Redis see one record: the second writer of a seq is refused', async () => {
    const device = `wall-${randomBytes(4).toString('hex')}`;
    const a = new RedisSteerRecords(await client(), prefix, () => ++now);
    const b = new RedisSteerRecords(await client(), prefix, () => ++now);
    const [one, two] = await Promise.all([a.put({ device, seq: 1, state, lock }), b.put({ device, seq: 1, state, lock: { ...lock, accountId: 'b2' } })]);
    expect([one, two].filter(Boolean)).toHaveLength(1);
    expect((await b.get(device))?.lock?.accountId).toBe(one ? 'a1' : 'b2');
  });
});
