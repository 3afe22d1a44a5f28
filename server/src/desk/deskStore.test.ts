import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { openPostgresCaseStore } from '../store/postgresCaseStore.js';
import { openSqliteCaseStore } from '../store/sqliteCaseStore.js';
import { describeDeskStoreContract } from './deskStore.contract.js';
import { dropSchema } from '../testing/pgSchema.js';

const dir = mkdtempSync(join(tmpdir(), 'desk-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
describeDeskStoreContract('SQLite', () => openSqliteCaseStore(join(dir, 'cases.db')));

const url = process.env.DATABASE_URL;
if (!url) console.warn('SKIPPED: the desk reads on PostgreSQL — set DATABASE_URL=postgres://... to run them');
const schema = `desk_store_test_${randomBytes(6).toString('hex')}`;
describe.skipIf(!url)('PostgreSQL', () => {
  afterAll(async () => {
    await dropSchema(url, schema);
  });
  describeDeskStoreContract('PostgreSQL', () => openPostgresCaseStore(url!, { schema }));
});
