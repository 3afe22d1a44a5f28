import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { readConfig } from './config.js';
import { startServer } from './server.js';
import { serverOptions } from './serverOptions.js';
import { startBanner } from './startBanner.js';
import { DEMO_FILE } from './auth/demoAccounts.js';
import { join } from 'node:path';

const config = readConfig(process.env);
const logger = pino({ level: config.logLevel });
const clientDir = fileURLToPath(new URL('../../client/dist', import.meta.url));
const server = await startServer({ ...serverOptions(config), clientDir, logger });
logger.info(
  { dataDir: config.dataDir, store: server.store.kind, basemap: config.basemap?.styleUrl ?? 'offline', build: server.build.build, protocol: server.build.protocol },
  server.demoWall
    ? `city operations wall: open http://localhost:${server.port}${server.demoWall} on the wall (no password), or http://localhost:${server.port}/login`
    : `city operations wall: http://localhost:${server.port}/login (walls open their device link)`,
);
// The same links plainly, for the person who ran `npm start` (the line above is for log collectors).
process.stdout.write(startBanner({ port: server.port, demoWall: server.demoWall, demoAccountsFile: server.demoWall ? join(config.dataDir, DEMO_FILE) : null }));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down');
    void server.close().then(() => process.exit(0));
  });
}
