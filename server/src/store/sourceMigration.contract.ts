import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../shared/src/cases/caseEvent.js';
import type { Case } from '../../../shared/src/cases/caseModel.js';
import { FIXTURE_EPOCH_MS, makeCase, makeEvent, makeFullCase } from './caseFixtures.js';
import { CASE_COLUMNS, EVENT_COLUMNS, eventToRow, toRow } from './caseRow.js';
import type { CaseStore } from './caseStore.js';

const MINUTE = 60_000; // ms

/**
 * The upgrade to schema version 5 (external ids unique per source), on a database that holds
 * cases and events: every row kept with its order and no source, events still tied to their cases,
 * and the old per-channel key no longer matching anyone. `openFresh` opens a new, empty database.
 */
export function describeSourceMigration(name: string, openFresh: () => Promise<CaseStore>): void {
  describe(`migration to external ids per source: ${name}`, () => {
    it('keeps every case and event in order, without a source, and frees the old key', async () => {
      const store = await openFresh();
      try {
        await store.migrate(4);
        // Rows as version 4 wrote them: none of the columns added since (source; 督办; 党建引领).
        const LATER = new Set(['source', 'supervised_count', 'supervised_at', 'supervised_by', 'reporter_party', 'handler_party']);
        const v4 = CASE_COLUMNS.filter((c) => !LATER.has(c.name));
        const insertV4 = (c: Case) => {
          const row = toRow(c);
          return store.sql.run(`INSERT INTO cases (${v4.map((col) => col.name).join(', ')}) VALUES (${v4.map(() => '?').join(', ')})`, v4.map((col) => row[col.name]));
        };
        const insertEvent = (e: CaseEvent) => {
          const row = eventToRow(e);
          return store.sql.run(`INSERT INTO case_events (${EVENT_COLUMNS.map((col) => col.name).join(', ')}) VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')})`, EVENT_COLUMNS.map((col) => row[col.name]));
        };
        const full = makeFullCase('MIGRATE-A', FIXTURE_EPOCH_MS, { source: null, supervised: null });
        const legacy = makeCase('MIGRATE-B', FIXTURE_EPOCH_MS - MINUTE, { externalId: 'legacy-1' });
        await insertV4(full);
        await insertV4(legacy);
        const event = makeEvent(full.id, FIXTURE_EPOCH_MS + MINUTE, 'reported', 'registered');
        await insertEvent(event);

        await store.migrate();
        expect(await store.get(full.id)).toStrictEqual(full);
        expect(await store.get(legacy.id)).toStrictEqual(legacy);
        expect(await store.events(full.id)).toStrictEqual([event]);
        const scanned: string[] = [];
        await store.scan(10, (batch) => scanned.push(...batch.map((c) => c.id)));
        expect(scanned).toEqual([full.id, legacy.id]);
        // A source's first use of a stored (channel, external id) is a case of its own; its resend matches it.
        const sourced = makeCase('MIGRATE-C', FIXTURE_EPOCH_MS, { externalId: 'legacy-1', source: 'source-a' });
        // Its seq follows the two kept rows': the rebuilt table keeps numbering where it was.
        expect(await store.insert([sourced])).toStrictEqual({ inserted: [{ ...sourced, seq: 3 }], existing: [] });
        expect(await store.insert([{ ...sourced, id: 'MIGRATE-D' }])).toStrictEqual({ inserted: [], existing: [sourced] });
        // Events are still tied to cases: one for no case is refused.
        await expect(insertEvent(makeEvent('NO-SUCH-CASE', FIXTURE_EPOCH_MS, 'reported', 'registered'))).rejects.toThrow();
      } finally {
        await store.close();
      }
    });
  });
}
