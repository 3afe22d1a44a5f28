import pg from 'pg';

/**
 * Drops a test's own PostgreSQL schema and everything in it (tests keep their tables apart by
 * schema); nothing to drop without a database.
 */
export async function dropSchema(databaseUrl: string | undefined, schema: string): Promise<void> {
  if (!databaseUrl) return;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
