import { describe, expect, it } from 'vitest';
import { ROLES } from '../access/roles.js';
import { STATUSES, type CaseStatus } from './caseModel.js';
import { ACTIONS, allowedActions, checkTransition, nextLevel, RULES, type Action } from './lifecycle.js';

describe('the closed loop state machine', () => {
  it('walks the standard loop: report → register → dispatch → accept → handle → verify → close', () => {
    const path: [Action, CaseStatus][] = [
      ['register', 'registered'],
      ['dispatch', 'dispatched'],
      ['accept', 'accepted'],
      ['handle', 'handled'],
      ['pass', 'verified'],
      ['close', 'closed'],
    ];
    let status: CaseStatus = 'reported';
    for (const [action, to] of path) {
      const check = checkTransition(status, action, action === 'accept' || action === 'handle' ? 'grid_worker' : 'operator', 'grid');
      expect(check).toEqual({ ok: true, to });
      status = to;
    }
    expect(allowedActions('closed')).toEqual([]);
  });

  it('treats the exception paths as first-class transitions', () => {
    expect(checkTransition('reported', 'reject', 'operator', 'grid')).toEqual({ ok: true, to: 'rejected' });
    expect(checkTransition('dispatched', 'return', 'grid_worker', 'grid')).toEqual({ ok: true, to: 'returned' });
    expect(checkTransition('returned', 'dispatch', 'operator', 'grid')).toEqual({ ok: true, to: 'dispatched' });
    expect(checkTransition('handled', 'fail', 'operator', 'grid')).toEqual({ ok: true, to: 'rework' });
    expect(checkTransition('rework', 'handle', 'grid_worker', 'grid')).toEqual({ ok: true, to: 'handled' });
    expect(checkTransition('accepted', 'extend', 'commander', 'street')).toEqual({ ok: true, to: 'accepted' });
    expect(checkTransition('accepted', 'park', 'commander', 'street')).toEqual({ ok: true, to: 'parked' });
    expect(checkTransition('parked', 'resume', 'commander', 'street')).toEqual({ ok: true, to: 'registered' });
    expect(checkTransition('accepted', 'escalate', 'operator', 'street')).toEqual({ ok: true, to: 'escalated' });
    expect(checkTransition('escalated', 'dispatch', 'commander', 'district')).toEqual({ ok: true, to: 'dispatched' });
  });

  it('refuses an illegal transition naming the state and the allowed actions', () => {
    const check = checkTransition('closed', 'dispatch', 'commander', 'city');
    expect(check).toMatchObject({ ok: false, reason: 'illegal' });
    if (!check.ok && check.reason === 'illegal') {
      expect(check.message).toContain('closed');
      expect(check.allowed).toEqual([]);
    }
    const early = checkTransition('reported', 'close', 'commander', 'city');
    expect(early).toMatchObject({ ok: false, reason: 'illegal', allowed: ['register', 'reject', 'escalate'] });
  });

  it('refuses roles that may not act, whatever the state', () => {
    for (const action of ACTIONS) {
      for (const status of RULES[action].from) {
        for (const role of ROLES) {
          const check = checkTransition(status, action, role, 'grid');
          expect(check.ok, `${role} ${action} from ${status}`).toBe(RULES[action].roles.includes(role));
        }
      }
    }
    expect(checkTransition('reported', 'register', 'analyst', 'grid')).toMatchObject({ ok: false, reason: 'role' });
    expect(checkTransition('reported', 'register', 'auditor', 'grid')).toMatchObject({ ok: false, reason: 'role' });
  });

  it('escalates one level at a time up to the line department, and no further', () => {
    expect(nextLevel('grid', 'escalate')).toBe('community');
    expect(nextLevel('city', 'escalate')).toBe('department');
    expect(nextLevel('street', 'dispatch')).toBe('street');
    expect(checkTransition('accepted', 'escalate', 'commander', 'department')).toMatchObject({ ok: false, reason: 'level' });
  });

  it('leaves every open state a way forward', () => {
    const terminal: CaseStatus[] = ['closed', 'rejected'];
    for (const status of STATUSES) {
      if (terminal.includes(status)) expect(allowedActions(status)).toEqual([]);
      else expect(allowedActions(status).length, status).toBeGreaterThan(0);
    }
  });
});
