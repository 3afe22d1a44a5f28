import { describe, expect, it } from 'vitest';
import { actionBody, actionsFor } from './caseActions.js';

describe('case actions on the desk', () => {
  it('shows the allowed actions the role may take, none to those who may not act', () => {
    const allowed = ['register', 'reject', 'escalate'] as const;
    expect(actionsFor({ role: 'operator', kind: 'person' }, allowed)).toEqual(['register', 'reject', 'escalate']);
    expect(actionsFor({ role: 'grid_worker', kind: 'person' }, allowed)).toEqual(['escalate']);
    expect(actionsFor({ role: 'analyst', kind: 'person' }, allowed)).toEqual([]);
    expect(actionsFor({ role: 'auditor', kind: 'person' }, allowed)).toEqual([]);
    expect(actionsFor({ role: 'commander', kind: 'display' }, allowed)).toEqual([]);
    expect(actionsFor({ role: 'operator', kind: 'person' }, ['extend', 'park'])).toEqual([]);
    expect(actionsFor({ role: 'commander', kind: 'person' }, ['extend', 'park'])).toEqual(['extend', 'park']);
  });

  it('asks for the field each action requires and sends the version it saw', () => {
    expect(actionBody('reject', '  ', 3)).toBeNull();
    expect(actionBody('reject', ' 重复上报 ', 3)).toEqual({ type: 'reject', expectedVersion: 3, reason: '重复上报' });
    expect(actionBody('handle', '', 4)).toBeNull();
    expect(actionBody('handle', '已清理', 4)).toEqual({ type: 'handle', expectedVersion: 4, note: '已清理' });
    expect(actionBody('dispatch', '', 1)).toEqual({ type: 'dispatch', expectedVersion: 1 });
    expect(actionBody('dispatch', '请尽快', 1)).toEqual({ type: 'dispatch', expectedVersion: 1, note: '请尽快' });
  });
});
