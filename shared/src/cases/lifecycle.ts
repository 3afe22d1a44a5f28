import type { HandlingLevel, Role } from '../access/roles.js';
import { HANDLING_LEVELS } from '../access/roles.js';
import type { CaseStatus } from './caseModel.js';

/**
 * The closed loop (事件闭环) as a pure state machine: which action moves a case from which state
 * to which, and which roles may take it. Exception paths (reject, return, extend, park, rework,
 * escalate, send down) are transitions like any other.
 */
export const ACTIONS = [
  'register', // 立案
  'reject', // 不予立案
  'dispatch', // 派遣 (also 下派: sending an escalated case down)
  'return', // 回退: the unit is not responsible
  'accept', // 受理
  'extend', // 延期
  'park', // 挂账
  'resume', // 挂账恢复
  'handle', // 处置反馈
  'pass', // 核查通过
  'fail', // 核查不通过 → 返工
  'close', // 结案
  'escalate', // 上报/提级
] as const;
export type Action = (typeof ACTIONS)[number];

export const ACTION_NAMES: Record<Action, string> = {
  register: '立案',
  reject: '不予立案',
  dispatch: '派遣',
  return: '回退',
  accept: '受理',
  extend: '延期',
  park: '挂账',
  resume: '恢复办理',
  handle: '处置反馈',
  pass: '核查通过',
  fail: '核查不通过',
  close: '结案',
  escalate: '上报',
};

interface Rule {
  from: readonly CaseStatus[];
  /** null: the state does not change (extend). */
  to: CaseStatus | null;
  roles: readonly Role[];
}

const CONTROL: readonly Role[] = ['commander', 'operator'];
const FIELD: readonly Role[] = ['grid_worker', 'operator', 'commander'];

export const RULES: Record<Action, Rule> = {
  register: { from: ['reported'], to: 'registered', roles: CONTROL },
  reject: { from: ['reported'], to: 'rejected', roles: CONTROL },
  dispatch: { from: ['registered', 'returned', 'escalated'], to: 'dispatched', roles: CONTROL },
  return: { from: ['dispatched'], to: 'returned', roles: FIELD },
  accept: { from: ['dispatched'], to: 'accepted', roles: FIELD },
  extend: { from: ['dispatched', 'accepted', 'rework'], to: null, roles: ['commander'] },
  park: { from: ['registered', 'accepted'], to: 'parked', roles: ['commander'] },
  resume: { from: ['parked'], to: 'registered', roles: ['commander'] },
  handle: { from: ['accepted', 'rework'], to: 'handled', roles: FIELD },
  pass: { from: ['handled'], to: 'verified', roles: CONTROL.concat('grid_worker') },
  fail: { from: ['handled'], to: 'rework', roles: CONTROL.concat('grid_worker') },
  close: { from: ['verified'], to: 'closed', roles: CONTROL },
  escalate: { from: ['reported', 'registered', 'returned', 'dispatched', 'accepted'], to: 'escalated', roles: CONTROL.concat('grid_worker') },
};

/** Actions possible from a state (whoever takes them). */
export function allowedActions(status: CaseStatus): Action[] {
  return ACTIONS.filter((a) => RULES[a].from.includes(status));
}

export type TransitionCheck =
  | { ok: true; to: CaseStatus }
  | { ok: false; reason: 'illegal'; message: string; allowed: Action[] }
  | { ok: false; reason: 'role'; message: string }
  | { ok: false; reason: 'level'; message: string };

/** Whether `role` may take `action` on a case in `status` handled at `level`. */
export function checkTransition(status: CaseStatus, action: Action, role: Role, level: HandlingLevel): TransitionCheck {
  const rule = RULES[action];
  if (!rule.from.includes(status)) {
    const allowed = allowedActions(status);
    return { ok: false, reason: 'illegal', message: `a case that is ${status} cannot be ${action}ed; allowed: ${allowed.join(', ') || 'none'}`, allowed };
  }
  if (!rule.roles.includes(role)) return { ok: false, reason: 'role', message: `${role} may not ${action} a case (${rule.roles.join(', ')} may)` };
  if (action === 'escalate' && level === 'department') return { ok: false, reason: 'level', message: 'a case with the line department cannot go higher' };
  return { ok: true, to: rule.to ?? status };
}

/** The handling level after an action: escalation moves one up, everything else stays. */
export function nextLevel(level: HandlingLevel, action: Action): HandlingLevel {
  if (action !== 'escalate') return level;
  return HANDLING_LEVELS[Math.min(HANDLING_LEVELS.indexOf(level) + 1, HANDLING_LEVELS.length - 1)]!;
}
