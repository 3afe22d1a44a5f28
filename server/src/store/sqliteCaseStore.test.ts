import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCase } from './caseFixtures.js';
import { describeCaseStoreContract } from './caseStore.contract.js';
import { describeSourceMigration } from './sourceMigration.contract.js';
import { describeAuthContract } from '../auth/authService.contract.js';
import { LATEST_VERSION, MIGRATIONS } from './migrations.js';
import { openSqliteCaseStore } from './sqliteCaseStore.js';

const dir = mkdtempSync(join(tmpdir(), 'case-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeCaseStoreContract('SQLite', () => openSqliteCaseStore(join(dir, 'contract', 'cases.db')));
describeAuthContract('SQLite', () => openSqliteCaseStore(join(dir, 'auth', 'cases.db')));
let upgrades = 0;
describeSourceMigration('SQLite', () => openSqliteCaseStore(join(dir, `upgrade-${++upgrades}`, 'cases.db')));

describe('SQLite case store', () => {
  it('uses WAL and records its migrations', async () => {
    const file = join(dir, 'pragmas.db');
    const store = await openSqliteCaseStore(file);
    await store.migrate();
    await store.close();
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    } finally {
      db.close();
    }
  });

  it('refuses a database written by a newer release', async () => {
    const file = join(dir, 'newer.db');
    const store = await openSqliteCaseStore(file);
    await store.migrate();
    await store.close();
    const db = new Database(file);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from the future', 'x')").run(LATEST_VERSION + 1);
    db.close();
    await expect(openSqliteCaseStore(file)).rejects.toThrow(`schema version ${LATEST_VERSION + 1}, but this server knows versions up to ${LATEST_VERSION}`);
  });

  it('keeps an acknowledged insert when the process is killed with SIGKILL', async () => {
    const file = join(dir, 'killed.db');
    // A child inserts, says "ok" once insert() resolved, then idles until killed.
    const script = `
      import { openSqliteCaseStore } from './server/src/store/sqliteCaseStore.ts';
      import { makeCase } from './server/src/store/caseFixtures.ts';
      const store = await openSqliteCaseStore(process.argv[1]);
      await store.migrate();
      await store.insert([makeCase('KILLED-1', Date.parse('2026-11-22T08:30:00+08:00'))]);
      process.stdout.write('ok');
      setInterval(() => {}, 60_000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, file], {
      cwd: fileURLToPath(new URL('../../..', import.meta.url)), // repo root, for the script's relative imports
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ok') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const store = await openSqliteCaseStore(file);
    try {
      expect(await store.get('KILLED-1')).toStrictEqual(makeCase('KILLED-1', Date.parse('2026-11-22T08:30:00+08:00')));
    } finally {
      await store.close();
    }
  });
});
