import { describe, expect, it } from 'vitest';
import { parseStaffPositions, STAFF_LIMIT, staffUrl } from './staffPositions.js';

describe('parseStaffPositions', () => {
  it('keeps on-duty workers with a position', () => {
    const json = {
      items: [
        { id: 'w1', name: '张三', kind: 'grid_worker', position: [113.67, 34.78], onDuty: true, openCases: 2 },
        { id: 'w2', name: '李四', kind: 'grid_worker', position: null, onDuty: true, openCases: 0 },
        { id: 'w3', name: '王五', kind: 'grid_worker', position: [113.6, 34.7], onDuty: false, openCases: 0 },
      ],
    };
    expect(parseStaffPositions(json, '/api/staff')).toEqual([{ id: 'w1', kind: 'grid_worker', position: [113.67, 34.78], openCases: 2 }]);
  });

  it('refuses a malformed body and bounds the list', () => {
    expect(() => parseStaffPositions({ items: 'no' }, '/api/staff')).toThrow(/items/);
    expect(() => parseStaffPositions({ items: [{}] }, '/api/staff')).toThrow(/id/);
    const items = Array.from({ length: STAFF_LIMIT + 20 }, (_, i) => ({ id: `w${i}`, position: [113, 34], onDuty: true, openCases: 0 }));
    expect(parseStaffPositions({ items }, '/api/staff')).toHaveLength(STAFF_LIMIT);
  });

  it('asks for on-duty workers of the area, at most the limit', () => {
    expect(staffUrl('410105')).toBe('/api/staff?area=410105&onDuty=true&limit=500');
  });
});
