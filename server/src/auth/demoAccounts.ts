import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Role } from '../../../shared/src/access/roles.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import type { Roster } from '../../../shared/src/staff/roster.js';
import type { AuthService } from './authService.js';

/** Where the demo accounts' passwords and the wall's link are written (readable by the owner only). */
export const DEMO_FILE = 'demo-accounts.txt';

/**
 * On a fresh installation (no accounts at all, demo mode), one account per role and level, in
 * 金水区 and its first street, community and grid, plus a wall display for the whole city. The
 * passwords are random and written once to DATA_DIR/demo-accounts.txt. Production (NODE_ENV=
 * production or DEMO_ACCOUNTS=off) creates none: the first administrator is created with
 * `npm run create-admin`.
 */
export async function ensureDemoAccounts(auth: AuthService, model: CityModel, dataDir: string, logger: Logger, roster?: Roster): Promise<string | null> {
  const file = join(dataDir, DEMO_FILE);
  if ((await auth.accountCount()) === 0) {
    const district = model.children(model.cityCode).find((d) => d.name.startsWith('金水')) ?? model.children(model.cityCode)[0]!;
    const street = model.children(district.code)[0]!;
    const community = model.children(street.code)[0]!;
    const grid = model.children(community.code)[0]!;
    const plan: Array<[string, Role, string, string]> = [
      ['admin', 'admin', model.cityCode, '系统管理员'],
      ['city.commander', 'commander', model.cityCode, '市指挥长'],
      ['city.operator', 'operator', model.cityCode, '市值班员'],
      ['city.analyst', 'analyst', model.cityCode, '市分析员'],
      ['city.auditor', 'auditor', model.cityCode, '市审计员'],
      ['district.admin', 'admin', district.code, `${district.name}管理员`],
      ['district.commander', 'commander', district.code, `${district.name}指挥长`],
      ['district.operator', 'operator', district.code, `${district.name}值班员`],
      ['district.analyst', 'analyst', district.code, `${district.name}分析员`],
      ['street.operator', 'operator', street.code, `${street.name}值班员`],
      ['community.operator', 'operator', community.code, `${community.name}值班员`],
      ['grid.worker', 'grid_worker', grid.code, `${grid.name}网格员`],
    ];
    const lines = [
      '# Demo accounts of this installation (created at first start; delete this file once noted).',
      '# user name\trole\tscope\tpassword\t(the roster worker a grid worker stands for)',
    ];
    // The grid worker stands for a roster worker of their grid (its 专职网格员 where it has one):
    // their desk lists the cases dispatched to that worker first.
    const ownWorkers = roster?.byGrid(grid.code).filter((w) => w.grids[0] === grid.code) ?? [];
    const gridWorker = ownWorkers.find((w) => w.kind === 'full_time') ?? ownWorkers[0] ?? null;
    for (const [username, role, scope, name] of plan) {
      const password = randomBytes(9).toString('base64url');
      const workerId = role === 'grid_worker' ? (gridWorker?.id ?? null) : null;
      await auth.createAccount({ username, name, role, scope, kind: 'person', password, workerId }, null);
      lines.push(`${username}\t${role}\t${scope}\t${password}${workerId ? `\t(roster worker ${workerId})` : ''}`);
    }
    const wall = await auth.createDevice({ label: '指挥中心大屏', scope: model.cityCode, kind: 'display' }, null);
    lines.push(`# The wall (a display device for the whole city, no password): /wall?device=${wall.token}`);
    writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
    logger.info({ file, accounts: plan.length }, 'demo accounts created (NODE_ENV=production or DEMO_ACCOUNTS=off creates none)');
  }
  if (!existsSync(file)) return null;
  const wall = readFileSync(file, 'utf8').match(/\/wall\?device=[A-Za-z0-9_-]+/)?.[0] ?? null;
  logger.info({ file }, `demo mode: sign in at /login with a user name and password from ${file}`);
  return wall;
}
