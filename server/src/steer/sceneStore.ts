import { randomUUID } from 'node:crypto';
import type { NewScene, Scene, SteerLayer, SteerMetric } from '../../../shared/src/steer/steerCommands.js';
import { HttpError } from '../http/errors.js';
import type { SqlExec } from '../store/sqlExec.js';

interface Row {
  id: string;
  name: string;
  area: string;
  metric: string;
  layers: string;
  tour_seconds: number | string;
  created_by: string;
  created_at: number | string;
}

const COLUMNS = 'id, name, area, metric, layers, tour_seconds, created_by, created_at';

/** Scenes kept at most per area: a tablet lists them on one screen. */
export const MAX_SCENES_PER_AREA = 50;

/** Named wall scenes (area + layers + metric + tour) in the wall_scenes table, SQLite or PostgreSQL. */
export class SceneStore {
  constructor(private readonly sql: SqlExec) {}

  /** Saves a scene; a second scene of the same name in the same area is a 409. */
  async create(input: NewScene, by: string, at: number): Promise<Scene> {
    const [same] = await this.sql.all<{ id: string }>('SELECT id FROM wall_scenes WHERE area = ? AND name = ?', [input.area, input.name]);
    if (same) throw new HttpError(409, `name: area ${input.area} has a scene named ${input.name} already`, 'name');
    const [count] = await this.sql.all<{ n: number | string }>('SELECT count(*) AS n FROM wall_scenes WHERE area = ?', [input.area]);
    if (Number(count?.n ?? 0) >= MAX_SCENES_PER_AREA) throw new HttpError(409, `area: area ${input.area} has ${MAX_SCENES_PER_AREA} scenes, the most it keeps: delete one first`, 'area');
    const scene: Scene = { id: randomUUID(), ...input, layers: [...input.layers], createdBy: by, createdAt: at };
    try {
      await this.sql.run(`INSERT INTO wall_scenes (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
        scene.id,
        scene.name,
        scene.area,
        scene.metric,
        scene.layers.join(','),
        scene.tourSeconds,
        by,
        at,
      ]);
    } catch (err) {
      // Saved by another request between the check and the insert: UNIQUE (area, name) holds.
      if (isUniqueViolation(err)) throw new HttpError(409, `name: area ${input.area} has a scene named ${input.name} already`, 'name');
      throw err;
    }
    return scene;
  }

  async get(id: string): Promise<Scene | null> {
    const [row] = await this.sql.all<Row>(`SELECT ${COLUMNS} FROM wall_scenes WHERE id = ?`, [id]);
    return row ? fromRow(row) : null;
  }

  /**
   * Every scene, by area then name in code-point order (filtered by area in the caller: area
   * prefixes cross the city code's). Sorted here: PostgreSQL's ORDER BY follows the database's
   * collation, SQLite's the bytes, and both stores must list alike.
   */
  async all(): Promise<Scene[]> {
    const rows = await this.sql.all<Row>(`SELECT ${COLUMNS} FROM wall_scenes`);
    const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    return rows.map(fromRow).sort((a, b) => byCodePoint(a.area, b.area) || byCodePoint(a.name, b.name));
  }

  async delete(id: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM wall_scenes WHERE id = ?', [id])) > 0;
  }
}

/** SQLite's and PostgreSQL's (23505) unique-constraint errors. */
function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

function fromRow(r: Row): Scene {
  return {
    id: r.id,
    name: r.name,
    area: r.area,
    metric: r.metric as SteerMetric,
    layers: r.layers === '' ? [] : (r.layers.split(',') as SteerLayer[]),
    tourSeconds: Number(r.tour_seconds),
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
  };
}
