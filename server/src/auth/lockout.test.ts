import * as argon2 from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { LOCK_MS, MAX_FAILED_LOGINS, type LoginResult } from './authService.js';

// The real argon2, watched: how many password verifications each sign-in costs.
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return { ...real, verify: vi.fn(real.verify) };
});
const verify = vi.mocked(argon2.verify);

describe('the sign-in lock does not tell which user names exist', () => {
  let server: TestServer;
  let now = Date.parse('2026-11-23T09:00:00+08:00');
  const clock = { now: () => now };

  beforeAll(async () => {
    server = await startTestServer({ clock, scheduler: { every: () => () => {} } });
    await server.auth.createAccount({ username: 'zhou.ops', name: '周值班', role: 'operator', scope: '410105', kind: 'person', password: 'correct horse battery' }, null);
  });
  afterAll(async () => server.close());

  /** The answers and argon2 verifications of `n` wrong passwords for one name. */
  async function attempts(username: string, n: number): Promise<{ answers: LoginResult[]; verifications: number }> {
    const answers: LoginResult[] = [];
    verify.mockClear();
    // Through the service: the sign-in route's limit of 10 attempts a minute per address would cut the run short.
    for (let i = 0; i < n; i++) answers.push(await server.auth.login(username, `guess ${i}`, '127.0.0.1'));
    return { answers, verifications: verify.mock.calls.length };
  }

  it('locks an unknown name after the same failures, with the same answers and the same argon2 work as a real one', async () => {
    const real = await attempts('zhou.ops', MAX_FAILED_LOGINS + 2);
    const unknown = await attempts('zhou.opz', MAX_FAILED_LOGINS + 2);
    expect(real.answers.map((a) => (a.ok ? 'ok' : a.reason))).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'locked', 'locked', 'locked']);
    expect(unknown.answers).toEqual(real.answers);
    // Every wrong password is checked by argon2 (a dummy hash for an unknown name); a locked name is checked by neither.
    expect(real.verifications).toBe(MAX_FAILED_LOGINS);
    expect(unknown.verifications).toBe(real.verifications);
    // Over HTTP both are the same 423.
    const answer = async (username: string) => {
      const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'x' }) });
      return [res.status, await res.json()];
    };
    expect(await answer('zhou.opz')).toEqual(await answer('zhou.ops'));
    expect((await answer('zhou.opz'))[0]).toBe(423);
    // Both locks end together, and count again from zero.
    now += LOCK_MS + 1;
    const after = [await attempts('zhou.ops', MAX_FAILED_LOGINS), await attempts('zhou.opz', MAX_FAILED_LOGINS)];
    expect(after[1]!.answers).toEqual(after[0]!.answers);
    expect(after[1]!.answers.at(-1)).toMatchObject({ reason: 'locked', lockedUntil: now + LOCK_MS });
  });
});
