import { describe, expect, it } from 'vitest';
import { parseAreaNames, placeName } from './areaDetail.js';

const node = (code: string, name: string, level: string) => ({ code, name, level, parent: null, households: 1 });

describe('parseAreaNames', () => {
  it('names the area, its ancestors and children, and the children level', () => {
    const names = parseAreaNames(
      { node: node('410105', '金水区', 'district'), ancestors: [node('410100', '郑州市', 'city')], children: [node('410105001', '经八路街道', 'street')] },
      '/api/areas/410105',
    );
    expect(names).toMatchObject({ code: '410105', name: '金水区', level: 'district', childLevel: 'street' });
    expect([...names.names]).toEqual([
      ['410105', '金水区'],
      ['410100', '郑州市'],
      ['410105001', '经八路街道'],
    ]);
  });

  it('has no child level for a leaf', () => {
    expect(parseAreaNames({ node: node('410105001003001', '第1网格', 'grid'), ancestors: [], children: [] }, 'u').childLevel).toBeNull();
  });

  it('refuses bodies that are not an area', () => {
    expect(() => parseAreaNames({ error: { status: 404 } }, '/api/areas/1')).toThrow(/GET \/api\/areas\/1/);
    expect(() => parseAreaNames({ node: { code: 1 }, ancestors: [], children: [] }, 'u')).toThrow(/node/);
    expect(() => parseAreaNames({ node: node('1', 'a', 'city'), ancestors: [], children: [{ code: '2', name: 'b', level: 'planet' }] }, 'u')).toThrow(/entry 0/);
  });
});

describe('placeName', () => {
  it('picks the deepest known name among grid, community and street', () => {
    const names = new Map([
      ['410105001', '经八路街道'],
      ['410105001003', '体育社区'],
    ]);
    expect(placeName('410105001003001', names)).toBe('体育社区');
    expect(placeName('410105001004001', names)).toBe('经八路街道');
    expect(placeName('410105002001001', names)).toBe('410105002001001');
  });
});
