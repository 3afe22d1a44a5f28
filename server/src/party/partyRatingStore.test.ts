import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseStore } from '../store/caseStore.js';
import { openPostgresCaseStore } from '../store/postgresCaseStore.js';
import { openSqliteCaseStore } from '../store/sqliteCaseStore.js';
import { PartyRatingStore } from './partyRatingStore.js';
import { dropSchema } from '../testing/pgSchema.js';

const dir = mkdtempSync(join(tmpdir(), 'party-ratings-'));
const url = process.env.DATABASE_URL;
if (!url) console.warn('SKIPPED: PostgreSQL party rating tests — set DATABASE_URL=postgres://... to run them');
const schema = `party_ratings_test_${randomBytes(6).toString('hex')}`;

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (!url) return;
  await dropSchema(url, schema);
});

function describeRatingStore(name: string, open: () => Promise<CaseStore>, skip = false): void {
  describe.skipIf(skip)(`party ratings on ${name}`, () => {
    it('keeps one record per community and year, replaced by the next, and lists an area’s', async () => {
      const store = await open();
      try {
        await store.migrate();
        const ratings = new PartyRatingStore(store.sql);
        const at = Date.parse('2026-11-25T10:00:00+08:00');
        const first = { community: '410105004007', year: 2026, stars: ['branch'], note: null, recordedBy: 'admin.jinshui', recordedAt: at };
        expect(await ratings.record(first)).toBeNull();
        const second = { ...first, stars: ['branch', 'sharing'], note: '年度评星', recordedAt: at + 60_000 };
        expect(await ratings.record(second)).toEqual(first);
        await ratings.record({ ...first, year: 2025, stars: [] });
        await ratings.record({ ...first, community: '410105007007' });
        await ratings.record({ ...first, community: '410104002002', stars: ['business'] });

        expect(await ratings.inArea('410105004', 2026)).toEqual(new Map([['410105004007', second]]));
        expect([...(await ratings.inArea('410105', 2026)).keys()].sort()).toEqual(['410105004007', '410105007007']);
        expect((await ratings.inArea(undefined, 2026)).size).toBe(3);
        expect((await ratings.inArea('410105004', 2025)).get('410105004007')!.stars).toEqual([]);
        expect((await ratings.inArea('410102', 2026)).size).toBe(0);
      } finally {
        await store.close();
      }
    });
  });
}

describeRatingStore('SQLite', () => openSqliteCaseStore(join(dir, 'cases.db')));
describeRatingStore('PostgreSQL', () => openPostgresCaseStore(url!, { schema }), !url);
