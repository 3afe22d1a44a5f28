import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type ServerOptions } from '../server.js';

/** A real server on port 0 with its own empty data directory, simulator off unless asked. */
export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<RunningServer & { dataDir: string }> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cityops-'));
  const server = await startServer({ port: 0, simulator: null, ...options, dataDir });
  return {
    ...server,
    dataDir,
    close: async () => {
      await server.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
