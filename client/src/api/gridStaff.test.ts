import { describe, expect, it } from 'vitest';
import { gridStaffUrl, parseGridStaff } from './gridStaff.js';

describe('parseGridStaff', () => {
  it('lists the grid cell’s people on duty first, then by post and name', () => {
    const json = {
      items: [
        { id: 'W3', name: '王五', kind: 'part_time', onDuty: true, openCases: 0, position: [113.6, 34.7] },
        { id: 'W1', name: '张三', kind: 'full_time', onDuty: false, openCases: 3, position: null },
        { id: 'W2', name: '李四', kind: 'grid_chief', onDuty: true, openCases: 1, position: null },
        { id: 'W4', name: '赵六', kind: 'cadre', onDuty: false, position: null },
      ],
    };
    expect(parseGridStaff(json, '/api/staff')).toEqual([
      { id: 'W2', name: '李四', kind: 'grid_chief', onDuty: true, openCases: 1 },
      { id: 'W3', name: '王五', kind: 'part_time', onDuty: true, openCases: 0 },
      { id: 'W1', name: '张三', kind: 'full_time', onDuty: false, openCases: 3 },
      { id: 'W4', name: '赵六', kind: 'cadre', onDuty: false, openCases: 0 },
    ]);
  });

  it('refuses a malformed body or item', () => {
    expect(() => parseGridStaff({ items: 'no' }, '/api/staff')).toThrow(/items/);
    expect(() => parseGridStaff({ items: [{ id: 'W1' }] }, '/api/staff')).toThrow(/name/);
    expect(() => parseGridStaff({ items: [{ id: 'W1', name: '张三', kind: 'boss' }] }, '/api/staff')).toThrow(/kind/);
  });

  it('asks for every person of the cell, on duty or not', () => {
    expect(gridStaffUrl('410105001003001')).toBe('/api/staff?area=410105001003001&limit=100');
  });
});
