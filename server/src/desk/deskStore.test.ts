import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe } from 'vitest';
import { openPostgresCaseStore } from '../store/postgresCaseStore.js';
import { openSqliteCaseStore } from '../store/sqliteCaseStore.js';
import { describeDeskStoreContract } from './deskStore.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'desk-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
describeDeskStoreContract('SQLite', () => openSqliteCaseStore(join(dir, 'cases.db')));

const url = process.env.DATABASE_URL;
if (!url) console.warn('SKIPPED: the desk reads on PostgreSQL — set DATABASE_URL=postgres://... to run them');
const schema = `desk_store_test_${randomBytes(6).toString('hex')}`;
describe.skipIf(!url)('PostgreSQL', () => {
  afterAll(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  });
  describeDeskStoreContract('PostgreSQL', () => openPostgresCaseStore(url!, { schema }));
});
