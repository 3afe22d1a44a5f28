import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { readConfig } from './config.js';
import { startServer } from './server.js';

const config = readConfig(process.env);
const logger = pino({ level: config.logLevel });
const clientDir = fileURLToPath(new URL('../../client/dist', import.meta.url));
const server = await startServer({
  port: config.port,
  host: config.host,
  dataDir: config.dataDir,
  databaseUrl: config.databaseUrl,
  clientDir,
  logger,
  simulator: config.simulator,
  ...(config.sla ? { sla: config.sla } : {}),
  ...(config.assessment ? { assessment: config.assessment } : {}),
  demoAccounts: config.demoAccounts,
  ...(config.trustProxy !== undefined ? { trustProxy: config.trustProxy } : {}),
  basemap: config.basemap,
});
logger.info(
  { dataDir: config.dataDir, store: server.store.kind, basemap: config.basemap?.styleUrl ?? 'offline' },
  server.demoWall
    ? `city operations wall: open http://localhost:${server.port}${server.demoWall} on the wall (no password), or http://localhost:${server.port}/login`
    : `city operations wall: http://localhost:${server.port}/login (walls open their device link)`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down');
    void server.close().then(() => process.exit(0));
  });
}
