import { describe, expect, it } from 'vitest';
import { startBanner } from './startBanner.js';

describe('startBanner', () => {
  it('prints the wall link and the sign-in page plainly, one per line', () => {
    const text = startBanner({ port: 8080, demoWall: '/wall?device=abc', demoAccountsFile: 'data/demo-accounts.txt' });
    const lines = text.split('\n');
    expect(lines.some((l) => l.trim().endsWith('http://localhost:8080/wall?device=abc'))).toBe(true);
    expect(lines.some((l) => l.trim().endsWith('http://localhost:8080/login'))).toBe(true);
    expect(text).toContain('data/demo-accounts.txt');
    expect(text).not.toContain('{');
  });

  it('without demo accounts, points at the sign-in page and device links', () => {
    const text = startBanner({ port: 9000, demoWall: null, demoAccountsFile: null });
    expect(text).toContain('http://localhost:9000/login');
    expect(text).not.toContain('/wall?device=');
  });
});
