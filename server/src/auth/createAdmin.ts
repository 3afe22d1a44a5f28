import { join } from 'node:path';
import { loadCity } from '../../../fixtures/loadCity.js';
import { NewAccount } from '../../../shared/src/access/principal.js';
import { readConfig } from '../config.js';
import { openPostgresCaseStore } from '../store/postgresCaseStore.js';
import { openSqliteCaseStore } from '../store/sqliteCaseStore.js';
import { AuthService } from './authService.js';

/**
 * `ADMIN_PASSWORD=... npm run create-admin`: the first administrator of a production installation
 * (which creates no demo accounts), for the whole city, on the configured store (DATA_DIR or
 * DATABASE_URL). ADMIN_USERNAME defaults to "admin". It grants further accounts within its scope.
 */
const config = readConfig(process.env);
const input = NewAccount.safeParse({
  username: process.env.ADMIN_USERNAME ?? 'admin',
  name: process.env.ADMIN_NAME ?? '系统管理员',
  role: 'admin',
  scope: loadCity().model.cityCode,
  password: process.env.ADMIN_PASSWORD ?? '',
});
if (!input.success) {
  console.error(`create-admin: ${input.error.issues.map((i) => `${i.path.join('.') === 'password' ? 'ADMIN_PASSWORD' : i.path.join('.')}: ${i.message}`).join('; ')}`);
  process.exit(2);
}
const store = config.databaseUrl ? await openPostgresCaseStore(config.databaseUrl) : await openSqliteCaseStore(join(config.dataDir, 'cases.db'));
try {
  await store.migrate();
  const auth = new AuthService({ sql: store.sql, clock: { now: () => Date.now() }, model: loadCity().model });
  const admin = await auth.createAccount({ ...input.data, kind: 'person' }, null);
  console.info(`create-admin: ${admin.username} (admin of ${admin.scope}) created in ${store.kind === 'sqlite' ? join(config.dataDir, 'cases.db') : 'PostgreSQL'}`);
} catch (error) {
  console.error(`create-admin: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await store.close();
}
