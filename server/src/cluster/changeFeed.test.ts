import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_EPOCH_MS, fakeArea, makeCase, makeEvent } from '../store/caseFixtures.js';
import { openPostgresCaseStore } from '../store/postgresCaseStore.js';
import type { CaseStore } from '../store/caseStore.js';
import { until } from '../testing/until.js';
import { ChangeFeed, type FeedChanges } from './changeFeed.js';
import { dropSchema } from '../testing/pgSchema.js';

const url = process.env.DATABASE_URL;
if (!url) console.warn('SKIPPED: PostgreSQL change feed tests — set DATABASE_URL=postgres://... to run them');

describe.skipIf(!url)('change feed', () => {
  const schema = `change_feed_test_${randomBytes(6).toString('hex')}`;
  let store: CaseStore;
  const feeds: ChangeFeed[] = [];
  // Polling by hand (tick() calls catchUp): only NOTIFY and the test's own calls read the feed.
  const follow = () => {
    const heard: string[] = [];
    const feed = new ChangeFeed({
      url: url!,
      schema,
      scheduler: { every: () => () => undefined },
      clock: { now: () => Date.now() },
      onChanges: (c: FeedChanges) => {
        for (const x of c.inserted) heard.push(`+${x.id}:${x.version}:${x.status}`);
        for (const x of c.updated) heard.push(`~${x.id}:${x.version}:${x.status}`);
      },
      onError: () => undefined,
    });
    feeds.push(feed);
    return { feed, heard };
  };
  let n = 0;
  const id = () => `FEED-${schema.slice(-6)}-${n++}`;
  const area = fakeArea('410105');

  beforeAll(async () => {
    store = await openPostgresCaseStore(url!, { schema });
    await store.migrate();
    await follow().feed.install();
    // A second install (another node starting) changes nothing.
    await follow().feed.install();
  });
  afterAll(async () => {
    await Promise.all(feeds.map((f) => f.stop()));
    await store?.close();
    await dropSchema(url, schema);
  });

  it('every follower hears the same committed changes in the same order, its rebuild and the feed meeting exactly', async () => {
    const before = makeCase(id(), FIXTURE_EPOCH_MS, { area });
    await store.insert([before]);
    const a = follow();
    const b = follow();
    const rebuilt: string[] = [];
    expect(await a.feed.rebuild(100, (rows) => rebuilt.push(...rows.map((r) => r[0])))).toBeGreaterThanOrEqual(1);
    await b.feed.rebuild(100, () => undefined);
    expect(rebuilt).toContain(before.id);
    a.feed.start();
    b.feed.start();

    const c1 = makeCase(id(), FIXTURE_EPOCH_MS + 1_000, { area });
    const c2 = makeCase(id(), FIXTURE_EPOCH_MS + 2_000, { area });
    await store.insert([c1, c2]);
    const registered = { ...c1, status: 'registered' as const, version: 1 };
    await store.transition([{ case: registered, event: makeEvent(c1.id, FIXTURE_EPOCH_MS + 3_000, 'reported', 'registered') }]);
    const expected = [`+${c1.id}:0:reported`, `+${c2.id}:0:reported`, `~${c1.id}:1:registered`];
    await until(() => a.heard.length >= 3 && b.heard.length >= 3, 10_000, 'both followers to hear three changes');
    expect(a.heard).toEqual(expected);
    expect(b.heard).toEqual(expected);
    // The case stored before the rebuild is not heard again.
    expect(a.heard.some((h) => h.includes(before.id))).toBe(false);
  });

  it('concurrent writers: every follower hears every change once, in one order, each case’s versions rising', async () => {
    const a = follow();
    const b = follow();
    await a.feed.rebuild(1000, () => undefined);
    await b.feed.rebuild(1000, () => undefined);
    a.feed.start();
    b.feed.start();
    const cases = Array.from({ length: 20 }, (_, i) => makeCase(id(), FIXTURE_EPOCH_MS + i, { area }));
    await Promise.all(cases.map((c) => store.insert([c])));
    await Promise.all(cases.map((c) => store.transition([{ case: { ...c, status: 'registered', version: 1 }, event: makeEvent(c.id, FIXTURE_EPOCH_MS + 5_000, 'reported', 'registered') }])));
    await until(() => a.heard.length >= 40 && b.heard.length >= 40, 10_000, 'both followers to hear 40 changes');
    expect(a.heard).toEqual(b.heard);
    expect(new Set(a.heard).size).toBe(40);
    for (const c of cases) expect(a.heard.indexOf(`+${c.id}:0:reported`)).toBeLessThan(a.heard.indexOf(`~${c.id}:1:registered`));
  });

  it('a follower whose connection dropped catches up from where it stopped', async () => {
    const a = follow();
    await a.feed.rebuild(1000, () => undefined);
    a.feed.start();
    const first = makeCase(id(), FIXTURE_EPOCH_MS, { area });
    await store.insert([first]);
    await until(() => a.heard.length === 1, 10_000, 'the first change');
    const stoppedAt = a.feed.position;
    // Its connection is cut (a network drop): changes committed meanwhile wake nobody.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [`city feed ${schema}`]);
    await admin.end();
    const missed = [makeCase(id(), FIXTURE_EPOCH_MS + 1, { area }), makeCase(id(), FIXTURE_EPOCH_MS + 2, { area })];
    await store.insert(missed);
    // The next poll reconnects and reads on from its position.
    await until(
      () => {
        void a.feed.catchUp();
        return a.heard.length === 3;
      },
      10_000,
      'the follower to catch up',
    );
    expect(a.heard.slice(1)).toEqual(missed.map((c) => `+${c.id}:0:reported`));
    expect(a.feed.position).toBeGreaterThan(stoppedAt);
  });
});
