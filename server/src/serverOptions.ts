import type { Config } from './config.js';
import type { ServerOptions } from './server.js';

/**
 * What `npm start` passes to startServer from the environment's settings (readConfig); the caller
 * adds its logger and, for the screens, the built client.
 */
export function serverOptions(config: Config): Omit<ServerOptions, 'logger' | 'clientDir'> {
  return {
    port: config.port,
    host: config.host,
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    databaseSchema: config.databaseSchema,
    leaderPollMs: config.leaderPollMs,
    metrics: config.metrics,
    redisUrl: config.redisUrl,
    simulator: config.simulator,
    historyDays: config.historyDays,
    ...(config.sla ? { sla: config.sla } : {}),
    ...(config.assessment ? { assessment: config.assessment } : {}),
    ...(config.party ? { party: config.party } : {}),
    demoAccounts: config.demoAccounts,
    ...(config.trustProxy !== undefined ? { trustProxy: config.trustProxy } : {}),
    basemap: config.basemap,
    mapMaxPoints: config.mapMaxPoints,
    steerIdleMs: config.steerIdleMs,
  };
}
