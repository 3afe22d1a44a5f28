import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_FILE } from '../auth/demoAccounts.js';
import { SESSION_COOKIE } from '../auth/authMiddleware.js';
import { getJson } from '../testing/http.js';
import { dropSchema } from '../testing/pgSchema.js';

/** The repository's root (where `npm start` runs). */
export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** A TCP port free on loopback now (closed again before it is handed out). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Like until(), for a condition that must be asked over the network: every 100 ms, up to `ms`. */
export async function eventually(what: () => Promise<boolean>, label: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface NodeProcess {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  dataDir: string;
}

/**
 * Real server processes (what `npm start` runs) of one city on one PostgreSQL schema and one
 * Redis, for tests: each on a free port with a data folder of its own. `close()` kills them all
 * and drops the schema.
 */
export class NodeProcesses {
  readonly nodes: NodeProcess[] = [];

  constructor(
    private readonly shared: { databaseUrl: string; redisUrl: string; schema: string; env?: Record<string, string> },
  ) {}

  /** Starts one node and waits until it answers /api/health (up to 4 minutes: a loaded machine takes one or more). */
  async launch(name: string, options: { demo: boolean; env?: Record<string, string> }): Promise<NodeProcess> {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), `cityops-${name}-`));
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/index.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DATABASE_URL: this.shared.databaseUrl,
        DATABASE_SCHEMA: this.shared.schema,
        REDIS_URL: this.shared.redisUrl,
        SIM: 'off',
        HISTORY_DAYS: '0',
        LEADER_POLL_MS: '200',
        DEMO_ACCOUNTS: options.demo ? 'on' : 'off',
        LOG_LEVEL: 'warn',
        ...this.shared.env,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (d: Buffer) => (output = (output + d.toString()).slice(-6000));
    child.stderr?.on('data', keep);
    child.stdout?.on('data', keep);
    const url = `http://127.0.0.1:${port}`;
    const node = { name, port, url, child, dataDir };
    this.nodes.push(node);
    const end = Date.now() + 240_000;
    while (Date.now() < end) {
      if (child.exitCode !== null) break;
      try {
        if ((await getJson(`${url}/api/health`)).status === 200) return node;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`node ${name} did not start (exit ${child.exitCode}): ${output}`);
  }

  /** A demo account's password, from the file the first node (started with `demo`) wrote. */
  password(user: string): string {
    const first = this.nodes[0];
    if (!first) throw new Error('no node started yet');
    const line = readFileSync(join(first.dataDir, DEMO_FILE), 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${user}\t`));
    if (!line) throw new Error(`no demo account ${user}`);
    return line.split('\t')[3]!;
  }

  /** Signs a demo account in at `url` (a node, or the balancer in front): its session token. */
  async signIn(url: string, user: string): Promise<string> {
    const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: this.password(user) }) });
    if (res.status !== 200) throw new Error(`sign-in of ${user} at ${url}: HTTP ${res.status}`);
    const cookie = res.headers.getSetCookie().find((x) => x.startsWith(`${SESSION_COOKIE}=`));
    if (!cookie) throw new Error(`sign-in of ${user} at ${url}: no session cookie`);
    return cookie.split(';')[0]!.slice(SESSION_COOKIE.length + 1);
  }

  async close(): Promise<void> {
    for (const node of this.nodes) {
      node.child.kill('SIGKILL');
      rmSync(node.dataDir, { recursive: true, force: true });
    }
    await dropSchema(this.shared.databaseUrl, this.shared.schema);
  }
}

/** A node's gauge or counter as its /metrics says now (NaN when absent). */
export async function metricOf(node: NodeProcess, name: string): Promise<number> {
  const text = await (await fetch(`${node.url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1]);
}
