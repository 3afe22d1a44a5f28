import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCity } from '../../../fixtures/loadCity.js';
import type { CaseStore } from '../store/caseStore.js';
import { AuthService, MAX_FAILED_LOGINS } from './authService.js';

/** Accounts, tokens and the audit log on a driver's database (SQLite and PostgreSQL alike). */
export function describeAuthContract(name: string, open: () => Promise<CaseStore>): void {
  describe(`accounts, tokens and audit: ${name}`, () => {
    let store: CaseStore;
    let auth: AuthService;
    let now = Date.parse('2026-11-23T09:00:00+08:00');
    const model = loadCity().model;
    const suffix = Math.random().toString(36).slice(2, 8);
    const u = (n: string) => `${n}.${suffix}`;

    beforeAll(async () => {
      store = await open();
      await store.migrate();
      auth = new AuthService({ sql: store.sql, clock: { now: () => now }, model });
    });
    afterAll(async () => store.close());

    it('creates accounts with argon2id hashes and signs them in and out', async () => {
      await auth.createAccount({ username: u('zhang'), name: '张', role: 'operator', scope: '410105', kind: 'person', password: 'a long enough secret' }, null);
      await expect(auth.createAccount({ username: u('zhang'), name: '张', role: 'operator', scope: '410105', kind: 'person', password: 'another secret!' }, null)).rejects.toThrow(/taken/);
      const [row] = await store.sql.all<{ password_hash: string }>('SELECT password_hash FROM accounts WHERE username = ?', [u('zhang')]);
      expect(row!.password_hash).toMatch(/^\$argon2id\$/);
      const login = await auth.login(u('zhang'), 'a long enough secret', '127.0.0.1');
      if (!login.ok) throw new Error('sign-in failed');
      expect(await auth.principalFor(login.token, ['session'])).toMatchObject({ username: u('zhang'), scope: '410105' });
      expect(await auth.principalFor(login.token, ['api_key'])).toBeNull();
      const [stored] = await store.sql.all<{ n: number | string }>('SELECT count(*) AS n FROM tokens WHERE token_hash = ?', [login.token]);
      expect(Number(stored!.n)).toBe(0); // only the hash is stored
      await auth.logout(login.token, login.principal, null);
      expect(await auth.principalFor(login.token, ['session'])).toBeNull();
    });

    it('locks an account after repeated failures, until the lock expires', async () => {
      await auth.createAccount({ username: u('li'), name: '李', role: 'analyst', scope: '410100', kind: 'person', password: 'a long enough secret' }, null);
      for (let i = 0; i < MAX_FAILED_LOGINS; i++) await auth.login(u('li'), 'wrong', null);
      expect(await auth.login(u('li'), 'a long enough secret', null)).toMatchObject({ ok: false, reason: 'locked' });
      now += 16 * 60_000;
      expect(await auth.login(u('li'), 'a long enough secret', null)).toMatchObject({ ok: true });
    });

    it('issues device tokens and keeps an append-only audit log cut by area', async () => {
      const wall = await auth.createDevice({ label: '大屏', scope: '410105001', kind: 'display' }, null);
      expect(await auth.principalFor(wall.token, ['device'])).toMatchObject({ kind: 'display', scope: '410105001' });
      await auth.audit(null, null, { action: 'export', outcome: 'ok', area: '410105001001001', target: u('q') });
      await auth.audit(null, null, { action: 'export', outcome: 'ok', area: '410102001001001', target: u('q') });
      const jinshui = (await auth.auditLog('410105', { action: 'export', limit: 100 })).filter((e) => e.target === u('q'));
      expect(jinshui.map((e) => e.area)).toEqual(['410105001001001']);
      const city = (await auth.auditLog('410100', { action: 'export', limit: 100 })).filter((e) => e.target === u('q'));
      expect(city).toHaveLength(2);
      await expect(store.sql.run('UPDATE audit_log SET outcome = ?', ['ok'])).rejects.toThrow(/append-only/);
      await expect(store.sql.run('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    });
  });
}
