import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../../shared/src/access/roles.js';
import { startServer, type RunningServer, type ServerOptions } from '../server.js';
import { apiClient, type ApiClient } from './http.js';

export type TestServer = RunningServer & {
  dataDir: string;
  /** A city commander: reads, submits, acts, unmasks and exports everywhere. */
  api: ApiClient;
  /** Signs in a new account of `role` over `scope` (real account, real sign-in) and calls as it. */
  as(role: Role, scope?: string): Promise<ApiClient>;
};

/** A real server on port 0 with its own empty data directory, simulator off unless asked. */
export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cityops-'));
  const server = await startServer({ port: 0, simulator: null, ...options, dataDir });
  let n = 0;
  const as = async (role: Role, scope = server.model.cityCode): Promise<ApiClient> => {
    const username = `test.${role}.${scope}.${n++}.${randomBytes(3).toString('hex')}`;
    const password = randomBytes(12).toString('base64url');
    await server.auth.createAccount({ username, name: username, role, scope, kind: 'person', password }, null);
    const login = await server.auth.login(username, password, null);
    if (!login.ok) throw new Error(`test sign-in of ${username} failed: ${login.reason}`);
    return apiClient(server.url, login.token);
  };
  return {
    ...server,
    dataDir,
    api: await as('commander'),
    as,
    close: async () => {
      await server.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
