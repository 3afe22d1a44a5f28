import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { AreaResolver } from '../../shared/src/city/resolver.js';
import { loadCity, type LoadedCity } from '../../fixtures/loadCity.js';
import { createApp } from './app.js';

export interface ServerOptions {
  port: number;
  host?: string;
  city?: LoadedCity;
  clientDir?: string;
  logger?: Logger;
}

export interface RunningServer {
  url: string;
  port: number;
  httpServer: Server;
  close(): Promise<void>;
}

/** Loads the city, builds the app and listens (port 0 picks a free port, as tests do). */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const started = Date.now();
  const city = options.city ?? loadCity();
  const resolver = AreaResolver.fromModel(city.model);
  logger.info({ ms: Date.now() - started, grids: resolver.size }, 'city model loaded');
  const app = createApp({ city, resolver, logger, ...(options.clientDir ? { clientDir: options.clientDir } : {}) });
  const httpServer = createServer(app);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? '0.0.0.0', resolve);
  });
  const port = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    httpServer,
    close: () =>
      new Promise<void>((resolve, reject) => {
        httpServer.closeAllConnections();
        httpServer.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
