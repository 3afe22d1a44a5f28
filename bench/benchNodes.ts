import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createClient } from 'redis';
import { mib, onCleanup, procSample, startServerProcess, tempDir, demoToken, type Figures, type ProcSample, type ServerProcess } from './benchUtil.js';

/**
 * The server processes a benchmark measures: one on SQLite (`count` 1, as before), or `count`
 * nodes of one city on the local PostgreSQL and Redis (DATABASE_URL, REDIS_URL) in a schema of
 * their own (`cluster` makes a single node one of these too). The schema and the schema's Redis
 * keys are removed at the end, also on an error or Ctrl-C. The first node creates the schema and
 * the demo accounts; the others join it. `token` is a demo operator's session, good on every node.
 */
export interface BenchNodes {
  nodes: ServerProcess[];
  token: string;
  /** PostgreSQL and Redis shared by the nodes; false: one process on SQLite. */
  clustered: boolean;
  stop(): Promise<void>;
}

const NODE_START_MS = 300_000; // a node reads the city model, roster and party data: minutes on a loaded 2-core machine

export async function startBenchNodes(count: number, name: string, options: { cluster?: boolean } = {}): Promise<BenchNodes> {
  if (!Number.isInteger(count) || count < 1) throw new Error(`bench: --nodes must be a whole number of at least 1, got ${count}`);
  const clustered = count > 1 || options.cluster === true;
  const databaseUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (clustered && (!databaseUrl || !redisUrl)) {
    throw new Error(`bench: ${count > 1 ? `--nodes ${count}` : '--cluster'} needs DATABASE_URL and REDIS_URL set (the nodes share one PostgreSQL and one Redis), e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379`);
  }
  if (!clustered) {
    const dir = tempDir(`cityops-bench-${name}-`);
    try {
      // REDIS_URL blank: the one process is on its own, whatever this shell has set.
      const node = await startServerProcess({ dataDir: dir.path, env: { LOG_LEVEL: 'warn', REDIS_URL: '' } });
      const stop = async () => {
        await node.stop();
        dir.remove();
      };
      try {
        return { nodes: [node], token: await demoToken(node.url, dir.path), clustered, stop };
      } catch (error) {
        await stop();
        throw error;
      }
    } catch (error) {
      dir.remove();
      throw error;
    }
  }

  const db = databaseUrl!;
  const redis = redisUrl!;
  const schema = `bench_${name}_${randomBytes(6).toString('hex')}`;
  // Keys of redisPrefix(city, schema) in server/src/cluster/redisLink.ts: `city:<code>:<schema>:…`.
  const keyPattern = `city:*:${schema}:*`;
  // Interrupted (Ctrl-C, an uncaught error) before stop(): the same clean-up with psql and redis-cli.
  const atExit = onCleanup(() => {
    execFileSync('psql', [db, '-qc', `DROP SCHEMA IF EXISTS ${schema} CASCADE`], { stdio: 'ignore', timeout: 15_000 });
    execFileSync('sh', ['-c', 'redis-cli -u "$1" --scan --pattern "$2" | xargs -r redis-cli -u "$1" del', 'sh', redis, keyPattern], { stdio: 'ignore', timeout: 15_000 });
  });
  const dirs = Array.from({ length: count }, () => tempDir(`cityops-bench-${name}-`));
  const nodes: ServerProcess[] = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(nodes.map((n) => n.stop()));
    for (const d of dirs) d.remove();
    const problems: string[] = [];
    const admin = new pg.Client({ connectionString: db });
    try {
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } catch (error) {
      problems.push(`drop schema ${schema}: ${(error as Error).message}`);
    } finally {
      await admin.end().catch(() => undefined);
    }
    const client = createClient({ url: redis });
    client.on('error', () => undefined);
    try {
      await client.connect();
      for await (const keys of client.scanIterator({ MATCH: keyPattern, COUNT: 500 })) if (keys.length > 0) await client.del(keys);
    } catch (error) {
      problems.push(`delete Redis keys ${keyPattern}: ${(error as Error).message}`);
    } finally {
      client.destroy();
    }
    if (problems.length > 0) throw new Error(`bench: clean-up left something behind: ${problems.join('; ')}`);
    atExit.cancel();
  };
  try {
    const env = { DATABASE_URL: db, DATABASE_SCHEMA: schema, REDIS_URL: redis, LOG_LEVEL: 'warn' };
    // One after the other's schema exists: the first creates the tables and the demo accounts.
    nodes.push(await startServerProcess({ dataDir: dirs[0]!.path, env: { ...env, DEMO_ACCOUNTS: 'on' }, timeoutMs: NODE_START_MS }));
    const rest = await Promise.allSettled(dirs.slice(1).map((d) => startServerProcess({ dataDir: d.path, env: { ...env, DEMO_ACCOUNTS: 'off' }, timeoutMs: NODE_START_MS })));
    for (const r of rest) if (r.status === 'fulfilled') nodes.push(r.value);
    const failed = rest.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    return { nodes, token: await demoToken(nodes[0]!.url, dirs[0]!.path), clustered, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Each node's CPU over a window (from samples at its start and end) and its RSS, as figures. */
export function perNodeFigures(nodes: ServerProcess[], start: ProcSample[], end: ProcSample[], seconds: number): Figures {
  const figures: Figures = {};
  nodes.forEach((_, i) => {
    const cpu = (100 * (end[i]!.cpuSeconds - start[i]!.cpuSeconds)) / seconds;
    figures[`node ${i + 1}: CPU (% of one core) / RSS end / RSS peak (MiB)`] = `${Math.round(cpu)} / ${mib(end[i]!.rssKiB)} / ${mib(end[i]!.hwmKiB)}`;
  });
  return figures;
}

export const sampleNodes = (nodes: ServerProcess[]): ProcSample[] => nodes.map((n) => procSample(n.pid));
