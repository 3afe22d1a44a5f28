import { can, type Principal } from '../../../../shared/src/access/principal.js';
import { RULES, type Action } from '../../../../shared/src/cases/lifecycle.js';

/** What each action asks of the person: a reason (required), a note (required) or nothing. */
export type ActionField = 'reason' | 'note' | null;

export const ACTION_FIELD: Record<Action, ActionField> = {
  register: null,
  reject: 'reason',
  dispatch: null,
  return: 'reason',
  accept: null,
  extend: 'reason',
  park: 'reason',
  resume: null,
  handle: 'note',
  pass: null,
  fail: 'reason',
  close: null,
  escalate: 'reason',
};

/**
 * The buttons to show: the actions the case's state allows (the server's `allowed`) that the
 * person's role may take. The level rule is the server's to apply (a refusal is shown as such);
 * a role that may not act at all (analyst, auditor) gets none.
 */
export function actionsFor(principal: Pick<Principal, 'role' | 'kind'>, allowed: readonly Action[]): Action[] {
  if (!can(principal, 'act')) return [];
  return allowed.filter((a) => RULES[a] && (RULES[a].roles as readonly string[]).includes(principal.role));
}

/** The body of one action: the field it requires, trimmed; null when a required field is empty. */
export function actionBody(action: Action, text: string, version: number): { type: Action; expectedVersion: number; reason?: string; note?: string } | null {
  const value = text.trim();
  const field = ACTION_FIELD[action];
  if (field !== null && value === '') return null;
  if (field === 'reason') return { type: action, expectedVersion: version, reason: value };
  return { type: action, expectedVersion: version, ...(value ? { note: value } : {}) };
}

