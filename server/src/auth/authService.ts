import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { ROLE_RANK, withinScope, type AccountKind, type Principal } from '../../../shared/src/access/principal.js';
import type { Role } from '../../../shared/src/access/roles.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { levelOfCode } from '../../../shared/src/city/codes.js';
import { HttpError } from '../http/errors.js';
import { LocalAuthEvents, type AuthEvents } from './authEvents.js';
import { UnknownNameLocks, afterFailure, type Failure, type NameLocks } from './signInLock.js';
import type { SqlExec } from '../store/sqlExec.js';
import type { Roster } from '../../../shared/src/staff/roster.js';

export { LOCK_MS, MAX_FAILED_LOGINS } from './signInLock.js';
/** A signed-in session lasts this long (an operator's shift and then some). */
export const SESSION_MS = 12 * 3_600_000;

/**
 * argon2id at OWASP's second recommended setting (19 MiB, 2 passes): ~30 ms a hash here, so a
 * stolen database costs an attacker that much per guess and per account.
 */
const ARGON = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export type TokenKind = 'session' | 'device' | 'api_key';

export interface AuditEntry {
  action: string;
  outcome: 'ok' | 'refused' | 'failed';
  /** what was acted on: a case id, an account, an export's query */
  target?: string | null;
  /** the area it concerns (auditors see entries of their area) */
  area?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditRecord extends Required<Omit<AuditEntry, 'detail'>> {
  seq: number;
  at: number;
  actorId: string | null;
  actorRole: string | null;
  actorScope: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
}

interface AccountRow {
  id: string;
  username: string;
  name: string;
  role: Role;
  scope: string;
  kind: AccountKind;
  password_hash: string | null;
  disabled: number;
  failed_logins: number;
  locked_until: number | null;
  worker_id: string | null;
}

const ACCOUNT_COLUMNS = 'id, username, name, role, scope, kind, password_hash, disabled, failed_logins, locked_until, worker_id';

const sha256 = (token: string): string => createHash('sha256').update(token).digest('hex');
const toPrincipal = (a: AccountRow): Principal => ({ accountId: a.id, username: a.username, name: a.name, role: a.role, kind: a.kind, scope: a.scope, ...(a.worker_id ? { workerId: a.worker_id } : {}) });

/** A session, wall device or API key credential as it stands: `id` is its token's hash. */
export interface Session {
  id: string;
  kind: TokenKind;
  principal: Principal;
  expiresAt: number | null;
}

export type LoginResult = { ok: true; token: string; principal: Principal; expiresAt: number } | { ok: false; reason: 'invalid' | 'locked'; lockedUntil?: number };
const failedSignIn = (failure: Failure): LoginResult => (failure.lockedUntil ? { ok: false, reason: 'locked', lockedUntil: failure.lockedUntil } : { ok: false, reason: 'invalid' });

/**
 * Accounts, sign-in, tokens and the audit log, on the case store's database. Passwords are
 * argon2id hashes; tokens (sessions, wall devices, API keys) are 256-bit random strings stored
 * only as SHA-256 hashes. Every sign-in, failed sign-in and grant is audited here; routes audit
 * the rest (exports, unmasking, case actions).
 */
export class AuthService {
  /** Verified against for user names without an account, so their answers cost the same argon2 work as a wrong password (same parameters, whatever ARGON becomes). */
  private readonly dummyHash = argonHash(randomBytes(32).toString('base64url'), ARGON);
  private readonly unknownNames: NameLocks;

  /** Every change of an account (role, scope, disabled) and every sign-out is announced here. */
  readonly events: AuthEvents;

  /**
   * `nameLocks`: where failures of names without an account are counted (Redis with several nodes); in this process when omitted.
   * `roster`: the 队伍 an account's `workerId` is checked against (without it no account can be linked to a worker).
   */
  constructor(private readonly deps: { sql: SqlExec; clock: { now(): number }; model: CityModel; events?: AuthEvents; nameLocks?: NameLocks; roster?: Roster }) {
    this.events = deps.events ?? new LocalAuthEvents();
    this.unknownNames = deps.nameLocks ?? new UnknownNameLocks();
  }

  async accountCount(): Promise<number> {
    const [row] = await this.deps.sql.all<{ n: number | string }>('SELECT count(*) AS n FROM accounts');
    return Number(row?.n ?? 0);
  }

  /**
   * Creates an account. `by` is the administrator granting it (null for the start-up's demo
   * accounts): the new scope must lie within theirs and the role must not rank above theirs.
   */
  async createAccount(input: { username: string; name: string; role: Role; scope: string; kind: AccountKind; password: string | null; workerId?: string | null | undefined }, by: Principal | null, ip: string | null = null): Promise<Principal> {
    const { model } = this.deps;
    if (by) {
      const refusal = !withinScope(input.scope, by.scope, model.cityCode)
        ? `scope: ${input.scope} lies outside your area ${by.scope}`
        : ROLE_RANK[input.role] > ROLE_RANK[by.role]
          ? `role: an ${by.role} cannot grant ${input.role}, which ranks above it`
          : null;
      if (refusal) {
        await this.audit(by, ip, { action: 'grant', outcome: 'refused', target: input.username, area: input.scope, detail: { role: input.role, reason: refusal } });
        throw new HttpError(403, refusal, refusal.startsWith('scope') ? 'scope' : 'role');
      }
    }
    // After the area check: outside the administrator's area a code is refused alike, existing or not.
    if (!model.node(input.scope) || levelOfCode(input.scope) === 'building') throw new HttpError(400, `scope: area ${input.scope} does not exist (city down to grid)`, 'scope');
    const workerId = input.workerId ?? null;
    if (workerId !== null) this.checkWorker(workerId, input.scope, input.kind);
    const existing = await this.deps.sql.all<{ id: string }>('SELECT id FROM accounts WHERE username = ?', [input.username]);
    if (existing.length > 0) throw new HttpError(409, `username: ${input.username} is taken`, 'username');
    const id = randomUUID();
    const passwordHash = input.password === null ? null : await argonHash(input.password, ARGON);
    await this.deps.sql.run('INSERT INTO accounts (id, username, name, role, scope, kind, password_hash, created_at, created_by, worker_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
      id,
      input.username,
      input.name,
      input.role,
      input.scope,
      input.kind,
      passwordHash,
      this.deps.clock.now(),
      by?.accountId ?? null,
      workerId,
    ]);
    const principal: Principal = { accountId: id, username: input.username, name: input.name, role: input.role, kind: input.kind, scope: input.scope, ...(workerId ? { workerId } : {}) };
    await this.audit(by, ip, { action: 'grant', outcome: 'ok', target: input.username, area: input.scope, detail: { role: input.role, kind: input.kind, ...(workerId ? { workerId } : {}) } });
    return principal;
  }

  /**
   * Changes an account's role or scope, or disables it (which revokes its sessions and tokens).
   * The administrator must cover the account as it is and as it will be: both scopes within
   * theirs, neither role above theirs.
   */
  async updateAccount(username: string, change: { role?: Role | undefined; scope?: string | undefined; disabled?: boolean | undefined; workerId?: string | null | undefined }, by: Principal, ip: string | null): Promise<Principal> {
    const { model } = this.deps;
    const [account] = await this.deps.sql.all<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE username = ?`, [username]);
    if (!account || !withinScope(account.scope, by.scope, model.cityCode)) throw new HttpError(404, `account ${username} not found`, 'username');
    const role = change.role ?? account.role;
    const scope = change.scope ?? account.scope;
    const refusal =
      ROLE_RANK[account.role] > ROLE_RANK[by.role]
        ? `role: ${username} is ${account.role}, which ranks above your ${by.role}`
        : ROLE_RANK[role] > ROLE_RANK[by.role]
          ? `role: an ${by.role} cannot grant ${role}, which ranks above it`
          : !withinScope(scope, by.scope, model.cityCode)
            ? `scope: ${scope} lies outside your area ${by.scope}`
            : account.id === by.accountId
              ? 'username: administrators do not change their own account'
              : null;
    const workerId = change.workerId === undefined ? account.worker_id : change.workerId;
    const detail = {
      from: { role: account.role, scope: account.scope, disabled: account.disabled === 1, workerId: account.worker_id },
      to: { role, scope, disabled: change.disabled ?? account.disabled === 1, workerId },
    };
    if (refusal) {
      await this.audit(by, ip, { action: 'grant', outcome: 'refused', target: username, area: scope, detail: { ...detail, reason: refusal } });
      throw new HttpError(403, refusal, refusal.split(':')[0]);
    }
    if (change.scope && (!model.node(scope) || levelOfCode(scope) === 'building')) throw new HttpError(400, `scope: area ${scope} does not exist (city down to grid)`, 'scope');
    // The link holds as the account will be: a new worker, or the kept one under a new scope.
    if (workerId !== null && (change.workerId !== undefined || change.scope !== undefined)) this.checkWorker(workerId, scope, account.kind);
    await this.deps.sql.run('UPDATE accounts SET role = ?, scope = ?, disabled = ?, worker_id = ? WHERE id = ?', [role, scope, change.disabled ? 1 : change.disabled === false ? 0 : account.disabled, workerId, account.id]);
    // Every request reads the account's current role and scope, so a change applies at once; a
    // disabled account's sessions, device and API tokens are revoked for good.
    if (change.disabled) await this.deps.sql.run('UPDATE tokens SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL', [this.deps.clock.now(), account.id]);
    // Open sockets are checked again at once (ended or narrowed).
    this.events.publish({ kind: 'account', accountId: account.id });
    await this.audit(by, ip, { action: change.disabled ? 'revoke' : 'grant', outcome: 'ok', target: username, area: scope, detail });
    return toPrincipal({ ...account, role, scope, worker_id: workerId });
  }

  /**
   * A 400 naming `workerId` unless the roster holds the worker and they serve a grid within the
   * account's scope (a grid worker's account: their own grid). Only a person stands for a worker.
   */
  private checkWorker(workerId: string, scope: string, kind: AccountKind): void {
    const { model, roster } = this.deps;
    if (kind !== 'person') throw new HttpError(400, `workerId: only a person's account stands for a roster worker, not a ${kind}`, 'workerId');
    if (!roster) throw new HttpError(400, 'workerId: this server has no roster to link accounts to', 'workerId');
    const worker = roster.byId(workerId);
    if (!worker) throw new HttpError(400, `workerId: no worker ${workerId} in the roster`, 'workerId');
    if (!worker.grids.some((g) => withinScope(g, scope, model.cityCode))) {
      throw new HttpError(400, `workerId: ${workerId} serves ${worker.grids.join(', ')}, outside the account's area ${scope}`, 'workerId');
    }
  }

  /** Accounts whose scope lies within `scope`. */
  async accountsWithin(scope: string): Promise<Principal[]> {
    const rows = await this.deps.sql.all<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY username`);
    return rows.filter((a) => withinScope(a.scope, scope, this.deps.model.cityCode)).map(toPrincipal);
  }

  async login(username: string, password: string, ip: string | null): Promise<LoginResult> {
    const now = this.deps.clock.now();
    const [account] = await this.deps.sql.all<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE username = ? AND kind = 'person'`, [username]);
    // A name without a (usable) account is answered exactly like an account with a wrong password:
    // locked after the same failures, refused unverified while locked, otherwise one argon2 verification.
    if (!account || account.disabled || account.password_hash === null) {
      const lockedUntil = await this.unknownNames.lockedUntil(username, now);
      if (lockedUntil !== null) {
        await this.audit(null, ip, { action: 'sign-in', outcome: 'refused', target: username, detail: { reason: 'locked', account: 'unknown' } });
        return { ok: false, reason: 'locked', lockedUntil };
      }
      await argonVerify(await this.dummyHash, password).catch(() => false);
      const failure = await this.unknownNames.fail(username, now);
      await this.audit(null, ip, { action: 'sign-in', outcome: 'failed', target: username, detail: { reason: 'unknown account', failedInARow: failure.failedInARow, ...(failure.lockedUntil ? { lockedUntil: failure.lockedUntil } : {}) } });
      return failedSignIn(failure);
    }
    if (account.locked_until !== null && account.locked_until > now) {
      await this.audit(toPrincipal(account), ip, { action: 'sign-in', outcome: 'refused', target: username, area: account.scope, detail: { reason: 'locked' } });
      return { ok: false, reason: 'locked', lockedUntil: account.locked_until };
    }
    if (!(await argonVerify(account.password_hash, password).catch(() => false))) {
      const failure = afterFailure(account.failed_logins, now);
      await this.deps.sql.run('UPDATE accounts SET failed_logins = ?, locked_until = ? WHERE id = ?', [failure.keep, failure.lockedUntil, account.id]);
      await this.audit(toPrincipal(account), ip, { action: 'sign-in', outcome: 'failed', target: username, area: account.scope, detail: { reason: 'wrong password', failedInARow: failure.failedInARow, ...(failure.lockedUntil ? { lockedUntil: failure.lockedUntil } : {}) } });
      return failedSignIn(failure);
    }
    await this.deps.sql.run('UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = ?', [account.id]);
    const principal = toPrincipal(account);
    const expiresAt = now + SESSION_MS;
    const token = await this.issueToken(principal.accountId, 'session', null, expiresAt, principal.accountId);
    await this.audit(principal, ip, { action: 'sign-in', outcome: 'ok', target: username, area: account.scope });
    return { ok: true, token, principal, expiresAt };
  }

  async logout(token: string, principal: Principal, ip: string | null): Promise<void> {
    await this.deps.sql.run('UPDATE tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL', [this.deps.clock.now(), sha256(token)]);
    this.events.publish({ kind: 'session', sessionId: sha256(token) });
    await this.audit(principal, ip, { action: 'sign-out', outcome: 'ok', target: principal.username, area: principal.scope });
  }

  /**
   * A wall display (kind display) or a machine source's API key (kind machine): an account of
   * its own, bound to one area, with a token that does not expire until revoked.
   */
  async createDevice(input: { label: string; scope: string; kind: 'display' | 'machine' }, by: Principal | null, ip: string | null = null): Promise<{ token: string; principal: Principal }> {
    const suffix = randomBytes(4).toString('hex');
    const principal = await this.createAccount(
      { username: `${input.kind === 'display' ? 'wall' : 'source'}-${input.scope}-${suffix}`, name: input.label, role: input.kind === 'display' ? 'analyst' : 'operator', scope: input.scope, kind: input.kind, password: null },
      by,
      ip,
    );
    const token = await this.issueToken(principal.accountId, input.kind === 'display' ? 'device' : 'api_key', input.label, null, by?.accountId ?? null);
    return { token, principal };
  }

  /** The principal a token stands for, if it is of an accepted kind, unexpired and not revoked. */
  async principalFor(token: string, kinds: readonly TokenKind[]): Promise<Principal | null> {
    return (await this.session(token, kinds))?.principal ?? null;
  }

  /** The credential a token is, if it is of an accepted kind, unexpired and not revoked. */
  async session(token: string, kinds: readonly TokenKind[]): Promise<Session | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const checked = await this.checkSession(sha256(token));
    return checked.ok && kinds.includes(checked.session.kind) ? checked.session : null;
  }

  /**
   * A credential by its id as it stands now, or why it no longer holds: what a long-lived
   * connection asks again when its account or session changes, and when it expires.
   */
  async checkSession(id: string): Promise<{ ok: true; session: Session } | { ok: false; reason: string }> {
    const rows = await this.deps.sql.all<AccountRow & { token_kind: TokenKind; expires_at: number | null; revoked_at: number | null }>(
      `SELECT a.id, a.username, a.name, a.role, a.scope, a.kind, a.password_hash, a.disabled, a.failed_logins, a.locked_until, a.worker_id, t.kind AS token_kind, t.expires_at, t.revoked_at
       FROM tokens t JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = ?`,
      [id],
    );
    const row = rows[0];
    if (!row) return { ok: false, reason: 'the credential is unknown' };
    if (row.disabled) return { ok: false, reason: 'the account was disabled' };
    if (row.revoked_at !== null) return { ok: false, reason: 'the session was signed out or revoked' };
    const expiresAt = row.expires_at === null ? null : Number(row.expires_at);
    if (expiresAt !== null && expiresAt <= this.deps.clock.now()) return { ok: false, reason: 'the session expired: sign in again' };
    return { ok: true, session: { id, kind: row.token_kind, principal: toPrincipal(row), expiresAt } };
  }

  private async issueToken(accountId: string, kind: TokenKind, label: string | null, expiresAt: number | null, by: string | null): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.deps.sql.run('INSERT INTO tokens (token_hash, account_id, kind, label, created_at, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      sha256(token),
      accountId,
      kind,
      label,
      this.deps.clock.now(),
      by,
      expiresAt,
    ]);
    return token;
  }

  /** Appends to the audit log (append-only: the database refuses updates and deletes). */
  async audit(actor: Principal | null, ip: string | null, entry: AuditEntry): Promise<void> {
    await this.deps.sql.run('INSERT INTO audit_log (at, actor_id, actor_role, actor_scope, ip, action, target, area, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
      this.deps.clock.now(),
      actor?.username ?? null,
      actor?.role ?? null,
      actor?.scope ?? null,
      ip,
      entry.action,
      entry.target ?? null,
      entry.area ?? actor?.scope ?? null,
      entry.outcome,
      entry.detail ? JSON.stringify(entry.detail) : null,
    ]);
  }

  /** Audit entries concerning areas within `scope`, newest first. */
  async auditLog(scope: string, q: { from?: number; to?: number; action?: string; limit: number }): Promise<AuditRecord[]> {
    const where = ['1 = 1'];
    const params: unknown[] = [];
    if (scope !== this.deps.model.cityCode) {
      where.push('(area >= ? AND area < ?)');
      params.push(scope, `${scope}:`);
    }
    const add = (condition: string, value: unknown) => {
      where.push(condition);
      params.push(value);
    };
    if (q.from !== undefined) add('at >= ?', q.from);
    if (q.to !== undefined) add('at < ?', q.to);
    if (q.action) add('action = ?', q.action);
    const rows = await this.deps.sql.all<{ seq: number; at: number; actor_id: string | null; actor_role: string | null; actor_scope: string | null; ip: string | null; action: string; target: string | null; area: string | null; outcome: AuditEntry['outcome']; detail: string | null }>(
      `SELECT seq, at, actor_id, actor_role, actor_scope, ip, action, target, area, outcome, detail FROM audit_log WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ${Math.min(Math.max(1, Math.floor(q.limit)), 1000)}`,
      params,
    );
    return rows.map((r) => ({
      seq: Number(r.seq),
      at: Number(r.at),
      actorId: r.actor_id,
      actorRole: r.actor_role,
      actorScope: r.actor_scope,
      ip: r.ip,
      action: r.action,
      target: r.target,
      area: r.area,
      outcome: r.outcome,
      detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
    }));
  }
}
