import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CATEGORIES, type Category } from '../../../shared/src/cases/categories.js';
import { CHANNELS, URGENCIES, type Case } from '../../../shared/src/cases/caseModel.js';
import { FIXTURE_EPOCH_MS, fakeArea, makeCase } from './caseFixtures.js';
import type { CaseStore } from './caseStore.js';

export interface InsertBench {
  casesPerSecond: number;
  /**
   * Cases per CPU-second of this process: steadier than casesPerSecond on a shared, busy machine.
   * For SQLite that is the whole cost; for PostgreSQL only the client's share.
   */
  casesPerCpuSecond: number;
  cases: number;
  /** Slowest insert() call, ms: what one batch can stall a caller. */
  slowestBatchMs: number;
}

/**
 * Inserts `batches` batches of `batchSize` new cases, one insert() each, and times only the calls
 * (cases are built beforehand). It writes real rows: point it at a scratch database.
 */
export async function benchInsert(store: CaseStore, { batches, batchSize }: { batches: number; batchSize: number }): Promise<InsertBench> {
  const run = randomBytes(4).toString('hex').toUpperCase(); // fresh ids and external ids per call
  const prepared = Array.from({ length: batches }, (_, b) => benchBatch(run, b, batchSize));
  let slowest = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  for (const batch of prepared) {
    const t = performance.now();
    const { inserted } = await store.insert(batch);
    slowest = Math.max(slowest, performance.now() - t);
    if (inserted.length !== batch.length) throw new Error(`bench: expected ${batch.length} new cases, ${inserted.length} were inserted`);
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const cases = batches * batchSize;
  return {
    casesPerSecond: Math.round(cases / seconds),
    casesPerCpuSecond: Math.round(cases / cpuSeconds),
    cases,
    slowestBatchMs: Math.round(slowest * 10) / 10,
  };
}

/** Realistic variety: every channel, category and urgency, 12 districts, half with an external id. */
function benchBatch(run: string, b: number, size: number): Case[] {
  return Array.from({ length: size }, (_, i) => {
    const n = b * size + i;
    const category: Category = CATEGORIES[n % CATEGORIES.length]!;
    const sub = category.subcategories[n % category.subcategories.length]!;
    const channel = CHANNELS[n % CHANNELS.length]!;
    return makeCase(`B${run}${String(n).padStart(10, '0')}`, FIXTURE_EPOCH_MS + n * 1_000, {
      channel,
      category: category.code,
      subcategory: sub.code,
      urgency: URGENCIES[n % URGENCIES.length]!,
      lon: 113.5 + (n % 997) / 2_000,
      lat: 34.6 + (n % 991) / 2_000,
      area: fakeArea(String(410102 + (n % 12)), 1 + (n % 9), 1 + (n % 17), 1 + (n % 23)),
      externalId: n % 2 === 0 ? `${channel}-${run}-${n}` : null,
      reporter: n % 3 === 0 ? { name: '市民', phone: '13800000000' } : null,
    });
  });
}
