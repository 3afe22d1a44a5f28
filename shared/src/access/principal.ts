import { z } from 'zod';
import { ROLES, type Role } from './roles.js';

/** What an account is: a person signing in, a wall display, or a machine source with an API key. */
export const ACCOUNT_KINDS = ['person', 'display', 'machine'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

/** Who is asking: every request and socket carries one, and every answer is cut to its scope. */
export interface Principal {
  accountId: string;
  username: string;
  name: string;
  role: Role;
  kind: AccountKind;
  /** Area node the account is responsible for: the city down to a grid cell. */
  scope: string;
  /**
   * The roster worker (队伍 id `W…`) this person's account stands for, when an administrator linked
   * one (a grid worker's account): the desk lists that worker's cases first (`GET /api/cases?mine=first`,
   * `assignee=me`). Absent when none is linked.
   */
  workerId?: string;
}

/** A roster worker's id: `W`, the home grid's 15-digit code and a two-digit number. */
export const WorkerId = z.string().regex(/^W\d{17}$/, 'must be a roster worker id (W, the grid code and two digits)');

/**
 * Role ranks for granting: an administrator grants only roles at or below their own. The auditor
 * stands beside the chain of command, ranked with operators (an operator-level administrator may
 * appoint one).
 */
export const ROLE_RANK: Record<Role, number> = { admin: 5, commander: 4, operator: 3, auditor: 3, analyst: 2, grid_worker: 1 };

/** True when `code` is `scope` itself or lies below it (the city scope covers every code). */
export function withinScope(code: string, scope: string, cityCode: string): boolean {
  if (scope === cityCode) return code.startsWith(cityCode.slice(0, 4));
  return code.startsWith(scope);
}

/** True when one of two areas lies inside the other (they are on one branch of the hierarchy). */
export function overlaps(a: string, b: string, cityCode: string): boolean {
  return withinScope(a, b, cityCode) || withinScope(b, a, cityCode);
}

/** What a person of each role may do; every answer is still cut to the account's area. */
export const CAPABILITIES = {
  /** read the city model: area names, outlines and households, point resolution, the wall's settings */
  areas: ['commander', 'operator', 'analyst', 'grid_worker', 'auditor', 'admin'],
  /** submit cases (POST /api/cases, Open311) */
  ingest: ['commander', 'operator', 'grid_worker'],
  /** take case actions (POST /api/cases/:id/actions); which ones, the lifecycle's rules say by role and level */
  act: ['commander', 'operator', 'grid_worker'],
  /** read cases (lists, details, Open311, the live stream), KPIs, staff */
  read: ['commander', 'operator', 'analyst', 'grid_worker', 'admin'],
  /** 督办: urge an open case of the area (POST /api/cases/:id/supervise), audited */
  supervise: ['commander'],
  /** see reporter name and phone after an explicit, audited unmask */
  unmask: ['commander', 'operator'],
  /** export case lists */
  export: ['commander', 'operator', 'analyst'],
  /** read the audit log of the area */
  audit: ['auditor', 'admin'],
  /** steer the walls (display devices) of the area and save their named scenes (README "Steering the wall") */
  steer: ['commander', 'admin'],
  /** create accounts, wall devices and API keys, within scope and rank */
  administer: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Capability = keyof typeof CAPABILITIES;

/**
 * A device does what it is for, whatever role its account carries: a wall display reads its area
 * (and the map under it); a machine source submits cases and nothing else (its own submissions it
 * reads back through Open311, see open311Routes.ts).
 */
export const DEVICE_CAPABILITIES: Record<Exclude<AccountKind, 'person'>, readonly Capability[]> = {
  display: ['areas', 'read'],
  machine: ['ingest'],
};

/** An account as messages name it: "an analyst account", "a machine account". */
export function accountLabel(principal: Pick<Principal, 'role' | 'kind'>): string {
  const word = principal.kind === 'person' ? principal.role : principal.kind;
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word} account`;
}

export function can(principal: Pick<Principal, 'role' | 'kind'>, capability: Capability): boolean {
  if (principal.kind !== 'person') return DEVICE_CAPABILITIES[principal.kind].includes(capability);
  return (CAPABILITIES[capability] as readonly Role[]).includes(principal.role);
}

export const LoginRequest = z.strictObject({
  username: z.string({ error: 'is required' }).trim().min(1, 'is required').max(64, 'must be at most 64 characters'),
  password: z.string({ error: 'is required' }).min(1, 'is required').max(256, 'must be at most 256 characters'),
});

export const NewAccount = z.strictObject({
  username: z.string().trim().regex(/^[a-z0-9_.-]{3,32}$/, 'must be 3–32 characters a-z 0-9 _ . -'),
  name: z.string().trim().min(1).max(50),
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
  scope: z.string().regex(/^\d{6}(\d{3}){0,3}$/, 'must be an area code (city down to grid)'),
  password: z.string().min(10, 'must be at least 10 characters').max(256),
  /** The roster worker this account stands for (it must serve a grid within `scope`). */
  workerId: WorkerId.optional(),
});

export const NewDevice = z.strictObject({
  label: z.string().trim().min(1).max(60),
  scope: z.string().regex(/^\d{6}(\d{3}){0,3}$/, 'must be an area code (city down to grid)'),
  kind: z.enum(['display', 'machine'], { error: 'must be display (a wall) or machine (an API key for a source)' }),
});
