import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { getJson, postJson } from '../testing/http.js';
import { DEMO_FILE } from '../auth/demoAccounts.js';
import { validCase } from '../testing/caseInputs.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The real server as its own process (what `npm start` runs), ready when /api/health answers. */
async function launch(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, SIM: 'off', LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    try {
      if ((await getJson(`http://127.0.0.1:${port}/api/health`)).status === 200) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start: ${stderr.slice(-2000)}`);
}

/** Signs in with the demo city operator's password through the real login; answers the session cookie headers. */
async function signIn(dataDir: string, port: number): Promise<Record<string, string>> {
  const line = readFileSync(join(dataDir, DEMO_FILE), 'utf8').split('\n').find((l) => l.startsWith('city.operator\t'));
  if (!line) throw new Error('no demo city operator in the demo accounts file');
  const password = line.split('\t')[3]!;
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'city.operator', password }) });
  if (res.status !== 200) throw new Error(`sign-in failed: HTTP ${res.status}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, origin: `http://127.0.0.1:${port}` };
}

describe('durability: a 2xx answer means the case is on disk', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cityops-kill-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('finds every acknowledged case after SIGKILL and restart', async () => {
    const port = await freePort();
    const first = await launch(dataDir, port);
    // Signs in as the demo city operator (demo mode writes the passwords to DATA_DIR).
    const headers = await signIn(dataDir, port);
    const acknowledged: string[] = [];
    // 40 concurrent requests of 25 cases, then the kill right after the last answer.
    await Promise.all(
      Array.from({ length: 40 }, async (_, r) => {
        const batch = Array.from({ length: 25 }, (_, i) => validCase({ description: `持久化测试 ${r}-${i}` }));
        const res = await postJson(`http://127.0.0.1:${port}/api/cases`, batch, { headers });
        if (res.status === 201) for (const item of res.body.results) acknowledged.push(item.id);
      }),
    );
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(acknowledged).toHaveLength(1000);

    const second = await launch(dataDir, port);
    try {
      const missing: string[] = [];
      for (const id of acknowledged) {
        if ((await getJson(`http://127.0.0.1:${port}/api/cases/${id}`, headers)).status !== 200) missing.push(id);
      }
      expect(missing).toEqual([]);
      const listed = await getJson(`http://127.0.0.1:${port}/api/cases?area=410105&limit=1`, headers);
      expect(listed.body.total).toBe(1000);
    } finally {
      second.kill('SIGKILL');
    }
  }, 180_000);
});
