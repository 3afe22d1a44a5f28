import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { realScheduler } from '../live/liveHub.js';
import { until } from '../testing/until.js';
import { PgAdvisoryLeader, SoleLeader, leaderLockKey } from './leadership.js';

const url = process.env.DATABASE_URL;
if (!url) console.warn('SKIPPED: PostgreSQL leader election tests — set DATABASE_URL=postgres://... to run them');

describe('SoleLeader', () => {
  it('is the leader of a single process from the start', async () => {
    const sole = new SoleLeader();
    expect(sole.isLeader).toBe(true);
    await sole.stop();
  });
});

describe.skipIf(!url)('PgAdvisoryLeader', () => {
  // A name of its own per run: the lock is database-wide, so runs never compete with each other.
  const name = `test-${randomBytes(6).toString('hex')}`;
  const nodes: PgAdvisoryLeader[] = [];
  const admin = new pg.Client({ connectionString: url });
  let adminConnected = false;
  const start = () => {
    const node = new PgAdvisoryLeader({ url: url!, name, scheduler: realScheduler, pollMs: 50, onError: () => undefined });
    nodes.push(node);
    return node;
  };

  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.stop()));
  });
  afterAll(async () => {
    if (adminConnected) await admin.end();
  });

  /** The backend holding the city's lock, as PostgreSQL sees it. */
  const holderPid = async (): Promise<number | null> => {
    if (!adminConnected) {
      await admin.connect();
      adminConnected = true;
    }
    const { rows } = await admin.query<{ pid: number }>(
      "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid::bigint = (hashtext($1)::bigint & 4294967295) AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
      [leaderLockKey(name)],
    );
    return rows[0]?.pid ?? null;
  };

  it('elects exactly one of two competing nodes, and the other takes over when the leader dies', async () => {
    const a = start();
    const b = start();
    const changes: string[] = [];
    a.onChange((leader) => changes.push(`a:${leader}`));
    b.onChange((leader) => changes.push(`b:${leader}`));
    const first = await until(() => (a.isLeader ? a : b.isLeader ? b : null), 10_000, 'a leader');
    const other = first === a ? b : a;
    // Both keep polling; the other never gets the lock while the first holds it.
    for (let round = 0; round < 5; round++) await other.poll();
    expect([a.isLeader, b.isLeader].filter(Boolean)).toHaveLength(1);

    // The leader's process dies: PostgreSQL sees its connection drop (terminated here) and frees the lock.
    const pid = await until(holderPid, 10_000, 'the lock holder');
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await until(() => other.isLeader, 10_000, 'the other node to take over');
    await until(() => !first.isLeader, 10_000, 'the old leader to step down');
    const [f, o] = first === a ? ['a', 'b'] : ['b', 'a'];
    expect(changes).toEqual(expect.arrayContaining([`${f}:true`, `${f}:false`, `${o}:true`]));
    expect(changes.filter((c) => c === `${o}:true`)).toHaveLength(1);
    expect(await holderPid()).not.toBe(pid);
  });

  it('hands over when the leader stops', async () => {
    const a = start();
    await until(() => a.isLeader, 10_000, 'a to lead');
    const b = start();
    for (let round = 0; round < 3; round++) await b.poll();
    expect(b.isLeader).toBe(false);
    await a.stop();
    expect(a.isLeader).toBe(false);
    await until(() => b.isLeader, 10_000, 'b to take over');
  });

  it('a node that lost its connection asks again and can lead again', async () => {
    const a = start();
    const changes: boolean[] = [];
    a.onChange((leader) => changes.push(leader));
    await until(() => a.isLeader, 10_000, 'a to lead');
    const pid = await until(holderPid, 10_000, 'the lock holder');
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    // It steps down when its connection fails, then leads again on a new one.
    await until(() => changes.length >= 3, 10_000, 'a to step down and lead again');
    expect(changes.slice(0, 3)).toEqual([true, false, true]);
    expect(await holderPid()).not.toBe(pid);
  });
});
