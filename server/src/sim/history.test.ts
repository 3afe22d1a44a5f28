import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../shared/src/cases/caseEvent.js';
import type { Case } from '../../../shared/src/cases/caseModel.js';
import { AreaResolver } from '../../../shared/src/city/resolver.js';
import { SlaPolicy } from '../../../shared/src/sla/slaPolicy.js';
import { buildRoster } from '../../../shared/src/staff/buildRoster.js';
import { loadCity } from '../../../fixtures/loadCity.js';
import { makeCase } from '../store/caseFixtures.js';
import { openPostgresCaseStore } from '../store/postgresCaseStore.js';
import { openSqliteCaseStore } from '../store/sqliteCaseStore.js';
import { dropSchema } from '../testing/pgSchema.js';
import { startTestServer } from '../testing/testServer.js';
import { until } from '../testing/until.js';
import { writeHistory, type HistoryPlan } from './history.js';

const NOW = Date.parse('2026-03-10T02:00:00Z');

describe('history on several threads', () => {
  it('writes the same cases, ids and events, in time order, whether a worker thread generates days or not', async () => {
    const { model } = loadCity();
    const env = { model, resolver: AreaResolver.fromModel(model), sla: SlaPolicy.default(), roster: buildRoster(model) };
    const written: { cases: Case[]; events: CaseEvent[][]; open: number }[] = [];
    for (const threads of [0, 1]) {
      const plan: HistoryPlan = { days: 1.1, end: NOW, seed: 'threads', threads };
      const dir = mkdtempSync(join(tmpdir(), 'history-threads-'));
      const store = await openSqliteCaseStore(join(dir, 'cases.db'));
      try {
        await store.migrate();
        const result = await writeHistory({ ...env, store }, plan);
        const cases: Case[] = [];
        await store.scan(5_000, (batch) => cases.push(...batch));
        expect(cases).toHaveLength(result.cases);
        // Both days are there: the partial first one (a tenth of a day) and the whole second one.
        expect(cases.filter((c) => Date.parse(c.times.reported!) < NOW - 86_400_000).length).toBeGreaterThan(300);
        expect(cases.filter((c) => Date.parse(c.times.reported!) >= NOW - 86_400_000).length).toBeGreaterThan(5_000);
        // Seq order (the scan's) is id order and report-time order.
        const ids = cases.map((c) => c.id);
        expect(ids).toStrictEqual([...ids].sort());
        const events = await Promise.all(cases.filter((_, k) => k % 40 === 0).map((c) => store.events(c.id)));
        expect(events.flat().length).toBeGreaterThan(cases.length / 40);
        written.push({ cases, events, open: result.open });
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    expect(written[1]).toStrictEqual(written[0]);
  }, 120_000);
});

/** The schema as SQLite records it (tables, indexes with their SQL, triggers), without the planner's statistics. */
function schemaOf(file: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name").all();
  } finally {
    db.close();
  }
}

/** A new store's file with every migration applied and nothing else. */
async function migratedFile(dir: string): Promise<string> {
  const file = join(dir, 'migrated.db');
  const store = await openSqliteCaseStore(file);
  await store.migrate();
  await store.close();
  return file;
}

describe('history on SQLite: indexes built after the rows, an unfinished history discarded', () => {
  it('leaves the schema the migrations make, indexes included, and a store that takes live writes', async () => {
    const { model } = loadCity();
    const env = { model, resolver: AreaResolver.fromModel(model), sla: SlaPolicy.default(), roster: buildRoster(model) };
    const dir = mkdtempSync(join(tmpdir(), 'history-schema-'));
    try {
      const file = join(dir, 'cases.db');
      const store = await openSqliteCaseStore(file);
      try {
        await store.migrate();
        const result = await writeHistory({ ...env, store }, { days: 0.3, end: NOW, seed: 'schema' });
        expect(result.cases).toBeGreaterThan(1_000);
        expect(await store.count()).toBe(result.cases);
        expect(await store.discardUnfinishedHistory()).toBe(false);
        // A second history is refused: the store is not empty any more.
        await expect(store.beginHistory()).rejects.toThrow('history: cases is not empty');
        const live = makeCase('LIVE-AFTER-HISTORY', NOW);
        expect((await store.insert([live])).inserted.map((c) => c.id)).toEqual([live.id]);
      } finally {
        await store.close();
      }
      const schema = schemaOf(file);
      expect(schema).toStrictEqual(schemaOf(await migratedFile(dir)));
      expect(schema).toContainEqual(expect.objectContaining({ type: 'index', name: 'case_events_case' }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('discards a history cut short by SIGKILL at the next start and writes it again whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'history-killed-'));
    const dataDir = join(dir, 'data');
    const file = join(dataDir, 'cases.db');
    const days = 3;
    try {
      // A real first start in its own process, killed once its history has rows and is not finished.
      const script = `
        import { startServer } from './server/src/server.ts';
        await startServer({ port: 0, dataDir: process.argv[1], simulator: null, clock: { now: () => ${NOW} }, historyDays: ${days} });`;
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dataDir], {
        cwd: fileURLToPath(new URL('../../..', import.meta.url)), // repo root, for the script's relative imports
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const unfinished = () => {
        try {
          const db = new Database(file, { readonly: true });
          try {
            const row = db.prepare("SELECT (SELECT count(*) FROM sqlite_master WHERE name = 'history_unfinished') AS marked, (SELECT count(*) FROM cases) AS n").get() as { marked: number; n: number };
            return row.marked === 1 && row.n > 0 ? row.n : 0;
          } finally {
            db.close();
          }
        } catch {
          return 0; // no file or no tables yet
        }
      };
      await until(unfinished, 120_000, 'the first history rows');
      child.kill('SIGKILL');
      await exited;
      const cut = unfinished();
      expect(cut).toBeGreaterThan(0); // rows on disk, the history marked unfinished

      // What the same plan writes when nothing interrupts it.
      const { model } = loadCity();
      const env = { model, resolver: AreaResolver.fromModel(model), sla: SlaPolicy.default(), roster: buildRoster(model) };
      const reference = await openSqliteCaseStore(join(dir, 'reference.db'));
      const ids: string[] = [];
      try {
        await reference.migrate();
        await writeHistory({ ...env, store: reference }, { days, end: NOW, seed: 'zhengzhou' });
        await reference.scan(10_000, (batch) => ids.push(...batch.map((c) => c.id)));
      } finally {
        await reference.close();
      }
      expect(cut).toBeLessThan(ids.length);

      const server = await startTestServer({ dataDir, clock: { now: () => NOW }, scheduler: { every: () => () => {} }, historyDays: days });
      const stored: string[] = [];
      try {
        await server.store.scan(10_000, (batch) => stored.push(...batch.map((c) => c.id)));
        expect(await server.store.discardUnfinishedHistory()).toBe(false);
      } finally {
        await server.close();
      }
      expect(stored).toStrictEqual(ids);
      expect(schemaOf(file)).toStrictEqual(schemaOf(await migratedFile(dir)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

const databaseUrl = process.env.DATABASE_URL;

describe.skipIf(!databaseUrl)('history on PostgreSQL', () => {
  it('writes the cases and events SQLite writes, and leaves nothing unfinished', async () => {
    const { model } = loadCity();
    const env = { model, resolver: AreaResolver.fromModel(model), sla: SlaPolicy.default(), roster: buildRoster(model) };
    const plan: HistoryPlan = { days: 0.2, end: NOW, seed: 'postgres' };
    const stored: { cases: Case[]; events: CaseEvent[][] }[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'history-pg-'));
    const schema = `history_test_${randomBytes(6).toString('hex')}`;
    try {
      for (const open of [() => openSqliteCaseStore(join(dir, 'cases.db')), () => openPostgresCaseStore(databaseUrl!, { schema })]) {
        const store = await open();
        try {
          await store.migrate();
          const result = await writeHistory({ ...env, store }, plan);
          expect(await store.discardUnfinishedHistory()).toBe(false);
          const cases: Case[] = [];
          await store.scan(5_000, (batch) => cases.push(...batch));
          expect(cases).toHaveLength(result.cases);
          stored.push({ cases, events: await Promise.all(cases.filter((_, k) => k % 20 === 0).map((c) => store.events(c.id))) });
        } finally {
          await store.close();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await dropSchema(databaseUrl, schema);
    }
    expect(stored[0]!.cases.length).toBeGreaterThan(500);
    expect(stored[1]).toStrictEqual(stored[0]);
  }, 120_000);
});
