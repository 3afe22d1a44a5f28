import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NewScene } from '../../../shared/src/steer/steerCommands.js';
import { HttpError } from '../http/errors.js';
import type { CaseStore } from '../store/caseStore.js';
import { openPostgresCaseStore } from '../store/postgresCaseStore.js';
import { openSqliteCaseStore } from '../store/sqliteCaseStore.js';
import { dropSchema } from '../testing/pgSchema.js';
import { MAX_SCENES_PER_AREA, SceneStore } from './sceneStore.js';

const dir = mkdtempSync(join(tmpdir(), 'wall-scenes-'));
const url = process.env.DATABASE_URL;
if (!url) console.warn('SKIPPED: the wall scenes on PostgreSQL — set DATABASE_URL=postgres://... to run them');
const schema = `wall_scenes_test_${randomBytes(6).toString('hex')}`;

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropSchema(url, schema);
});

const at = Date.parse('2026-12-07T10:00:00+08:00');
const scene = (name: string, area = '410105', more: Partial<NewScene> = {}): NewScene => ({ name, area, metric: 'overdue', layers: ['choropleth', 'points'], tourSeconds: 30, ...more });
const statusOf = async (p: Promise<unknown>): Promise<number> => {
  try {
    await p;
    return 200;
  } catch (err) {
    if (err instanceof HttpError) return err.status;
    throw err;
  }
};

/** The scene store's contract, the same on both databases (migration 9, wall_scenes). */
function describeScenes(name: string, open: () => Promise<CaseStore>): void {
  describe(`wall scenes on ${name}`, () => {
    it('saves, reads back whole, lists by area then name (code-point order on both), and deletes', async () => {
      const store = await open();
      try {
        await store.migrate();
        const scenes = new SceneStore(store.sql);
        const night = await scenes.create(scene('夜间巡查', '410105', { layers: [], tourSeconds: 0, metric: 'per10k' }), 'zhang', at);
        expect(night).toMatchObject({ name: '夜间巡查', area: '410105', layers: [], tourSeconds: 0, metric: 'per10k', createdBy: 'zhang', createdAt: at });
        expect(await scenes.get(night.id)).toEqual(night);
        const lower = await scenes.create(scene('a 早高峰'), 'zhang', at + 1);
        const upper = await scenes.create(scene('B 晚高峰', '410105', { layers: ['heatmap', 'workers'] }), 'li', at + 2);
        const street = await scenes.create(scene('街道', '410105001'), 'li', at + 3);
        const other = await scenes.create(scene('二七', '410103'), 'li', at + 4);
        // 'B' (66) before 'a' (97) before 夜 (U+591C): by code point, not by a locale's collation.
        expect((await scenes.all()).map((s) => s.id)).toEqual([other.id, upper.id, lower.id, night.id, street.id]);
        expect((await scenes.get(upper.id))?.layers).toEqual(['heatmap', 'workers']);
        expect(await scenes.delete(upper.id)).toBe(true);
        expect(await scenes.delete(upper.id)).toBe(false);
        expect(await scenes.get(upper.id)).toBeNull();
      } finally {
        await store.close();
      }
    });

    it('refuses a second scene of a name in an area with 409 naming name, also when both are saved at once', async () => {
      const store = await open();
      try {
        await store.migrate();
        const scenes = new SceneStore(store.sql);
        const area = '410102';
        await scenes.create(scene('汛期'), 'zhang', at);
        expect(await statusOf(scenes.create(scene('汛期', area), 'zhang', at))).toBe(200);
        const again = scenes.create(scene('汛期', area), 'li', at);
        await expect(again).rejects.toMatchObject({ status: 409, field: 'name' });
        // Two commanders saving the same name together: one stored, one told it exists.
        const together = await Promise.all([statusOf(scenes.create(scene('同时', area), 'zhang', at)), statusOf(scenes.create(scene('同时', area), 'li', at))]);
        expect(together.sort()).toEqual([200, 409]);
        expect((await scenes.all()).filter((s) => s.area === area && s.name === '同时')).toHaveLength(1);
      } finally {
        await store.close();
      }
    });

    it(`keeps at most ${MAX_SCENES_PER_AREA} scenes an area`, async () => {
      const store = await open();
      try {
        await store.migrate();
        const scenes = new SceneStore(store.sql);
        const area = '410104';
        for (let i = 0; i < MAX_SCENES_PER_AREA; i++) await scenes.create(scene(`场景${i}`, area), 'zhang', at + i);
        await expect(scenes.create(scene('再一个', area), 'zhang', at)).rejects.toMatchObject({ status: 409, field: 'area' });
        // Another area is not limited by it.
        expect((await scenes.create(scene('再一个', '410108'), 'zhang', at)).area).toBe('410108');
      } finally {
        await store.close();
      }
    });
  });
}

describeScenes('SQLite', () => openSqliteCaseStore(join(dir, 'scenes.db')));
describe.skipIf(!url)('PostgreSQL', () => {
  describeScenes('PostgreSQL', () => openPostgresCaseStore(url!, { schema }));
});
