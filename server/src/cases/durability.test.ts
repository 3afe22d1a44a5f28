import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { getJson, postJson } from '../testing/http.js';
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

describe('durability: a 2xx answer means the case is on disk', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cityops-kill-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('finds every acknowledged case after SIGKILL and restart', async () => {
    const port = await freePort();
    const first = await launch(dataDir, port);
    const acknowledged: string[] = [];
    // 40 concurrent requests of 25 cases, then the kill right after the last answer.
    await Promise.all(
      Array.from({ length: 40 }, async (_, r) => {
        const batch = Array.from({ length: 25 }, (_, i) => validCase({ description: `持久化测试 ${r}-${i}` }));
        const res = await postJson(`http://127.0.0.1:${port}/api/cases`, batch);
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
        if ((await getJson(`http://127.0.0.1:${port}/api/cases/${id}`)).status !== 200) missing.push(id);
      }
      expect(missing).toEqual([]);
      const listed = await getJson(`http://127.0.0.1:${port}/api/cases?area=410105&limit=1`);
      expect(listed.body.total).toBe(1000);
    } finally {
      second.kill('SIGKILL');
    }
  }, 180_000);
});
