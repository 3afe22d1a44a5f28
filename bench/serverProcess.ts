import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { pino } from 'pino';
import { readConfig } from '../server/src/config.js';
import { startServer } from '../server/src/server.js';
import { serverOptions } from '../server/src/serverOptions.js';

/**
 * The server as `npm start` runs it (same config, JSON logs on stdout), without the built client
 * unless BENCH_CLIENT_DIR names it, for benchmarks that measure the server process on its own. Prints {"bench":"ready","port":N}
 * once it listens; exits on SIGTERM/SIGINT or when its parent goes away (stdin closes).
 */
const config = readConfig(process.env);
const logger = pino({ level: config.logLevel });
// Every setting as `npm start` reads it (the cluster's too: DATABASE_SCHEMA, REDIS_URL, LEADER_POLL_MS),
// so a benchmark can run several of these processes as nodes of one city (bench/benchNodes.ts). Redis
// only with PostgreSQL: startServerProcess blanks DATABASE_URL unless a benchmark asks for it, so a
// REDIS_URL left in the shell does not turn another benchmark's lone SQLite process into a node.
// BENCH_CLIENT_DIR: the built client too, for benchmarks that open a screen in a browser.
const clientDir = process.env.BENCH_CLIENT_DIR || undefined;
const server = await startServer({ ...serverOptions(config), redisUrl: config.databaseUrl ? config.redisUrl : undefined, logger, ...(clientDir ? { clientDir } : {}) });
process.stdout.write(`${JSON.stringify({ bench: 'ready', port: server.port })}\n`);

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  void server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
process.stdin.on('close', shutdown);

// The server's own event-loop delay since the last ask (a benchmark writes "loop-delay" to stdin):
// what every HTTP request and socket message waited at worst, without the network in between.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'loop-delay') return;
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  process.stdout.write(`${JSON.stringify({ bench: 'loop-delay', p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) })}\n`);
  loopDelay.reset();
});

// With --expose-gc, SIGUSR2 forces a full collection so a benchmark can tell live memory from
// garbage not yet collected; the answer is a line on stdout.
const gc = (globalThis as { gc?: () => void }).gc;
if (gc) {
  process.on('SIGUSR2', () => {
    gc();
    const m = process.memoryUsage();
    process.stdout.write(`${JSON.stringify({ bench: 'gc', rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external })}\n`);
  });
}
