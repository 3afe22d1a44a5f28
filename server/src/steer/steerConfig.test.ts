import { describe, expect, it } from 'vitest';
import { readConfig } from '../config.js';

describe('readConfig: STEER_IDLE_MINUTES', () => {
  it('is 10 minutes unless set, in whole minutes from 1 to 240', () => {
    expect(readConfig({}).steerIdleMs).toBe(600_000);
    expect(readConfig({ STEER_IDLE_MINUTES: '3' }).steerIdleMs).toBe(180_000);
    for (const bad of ['0', '241', '2.5', 'ten']) expect(() => readConfig({ STEER_IDLE_MINUTES: bad }), bad).toThrow(/STEER_IDLE_MINUTES/);
  });
});
