import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { describeCaseStoreContract } from './caseStore.contract.js';
import { describeSourceMigration } from './sourceMigration.contract.js';
import { describeAuthContract } from '../auth/authService.contract.js';
import { LATEST_VERSION } from './migrations.js';
import { openPostgresCaseStore } from './postgresCaseStore.js';

const url = process.env.DATABASE_URL;
if (!url) console.warn('SKIPPED: PostgreSQL contract tests — set DATABASE_URL=postgres://... to run them');

// A fresh schema per run, dropped afterwards, so runs never see each other's rows.
const schema = `case_store_test_${randomBytes(6).toString('hex')}`;

describe.skipIf(!url)('PostgreSQL case store', () => {
  const open = (s = schema) => openPostgresCaseStore(url!, { schema: s });
  const created = new Set<string>([schema]);

  afterAll(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const s of created) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    } finally {
      await client.end();
    }
  });

  describeCaseStoreContract('PostgreSQL', () => open());
  describeAuthContract('PostgreSQL', () => open());
  describeSourceMigration('PostgreSQL', () => {
    const fresh = `${schema}_upgrade_${created.size}`;
    created.add(fresh);
    return open(fresh);
  });

  it('refuses a database written by a newer release', async () => {
    const newer = `${schema}_newer`;
    created.add(newer);
    const store = await open(newer);
    await store.migrate();
    await store.close();
    const client = new pg.Client({ connectionString: url, options: `-c search_path=${newer}` });
    await client.connect();
    await client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')", [LATEST_VERSION + 1]);
    await client.end();
    await expect(open(newer)).rejects.toThrow(`schema version ${LATEST_VERSION + 1}, but this server knows versions up to ${LATEST_VERSION}`);
  });

  it('rejects a schema name that is not a plain identifier', async () => {
    await expect(openPostgresCaseStore(url!, { schema: 'x; DROP TABLE cases' })).rejects.toThrow(/schema must match/);
  });
});
