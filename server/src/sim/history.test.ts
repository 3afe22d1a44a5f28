import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../shared/src/cases/caseEvent.js';
import type { Case } from '../../../shared/src/cases/caseModel.js';
import { AreaResolver } from '../../../shared/src/city/resolver.js';
import { SlaPolicy } from '../../../shared/src/sla/slaPolicy.js';
import { buildRoster } from '../../../shared/src/staff/buildRoster.js';
import { loadCity } from '../../../fixtures/loadCity.js';
import { openSqliteCaseStore } from '../store/sqliteCaseStore.js';
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
