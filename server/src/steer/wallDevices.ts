import { withinScope } from '../../../shared/src/access/principal.js';
import type { SqlExec } from '../store/sqlExec.js';

/** A wall: a display device's account (its id is the device's id). */
export interface WallDevice {
  id: string;
  label: string;
  scope: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The walls (enabled display devices) as the accounts table holds them. */
export class WallDevices {
  constructor(
    private readonly sql: SqlExec,
    private readonly cityCode: string,
  ) {}

  /** The wall `id` if it exists, is enabled and lies within `scope`; null otherwise (a foreign wall does not exist for the caller). */
  async get(id: string, scope: string): Promise<WallDevice | null> {
    if (!UUID.test(id)) return null;
    const [row] = await this.sql.all<{ id: string; name: string; scope: string }>("SELECT id, name, scope FROM accounts WHERE id = ? AND kind = 'display' AND disabled = 0", [id]);
    return row && withinScope(row.scope, scope, this.cityCode) ? { id: row.id, label: row.name, scope: row.scope } : null;
  }

  /** Every enabled wall within `scope`, by area then name. */
  async within(scope: string): Promise<WallDevice[]> {
    const rows = await this.sql.all<{ id: string; name: string; scope: string }>("SELECT id, name, scope FROM accounts WHERE kind = 'display' AND disabled = 0 ORDER BY scope, name, id");
    return rows.filter((r) => withinScope(r.scope, scope, this.cityCode)).map((r) => ({ id: r.id, label: r.name, scope: r.scope }));
  }
}
