import { describe, expect, it } from 'vitest';
import { readConfig } from '../config.js';

describe('scale-out settings', () => {
  it('defaults to a single process: no schema, a 2 s leader poll', () => {
    const config = readConfig({});
    expect(config.databaseSchema).toBeUndefined();
    expect(config.leaderPollMs).toBe(2_000);
  });

  it('reads DATABASE_SCHEMA and LEADER_POLL_MS', () => {
    const config = readConfig({ DATABASE_SCHEMA: 'city_a', LEADER_POLL_MS: '500' });
    expect(config.databaseSchema).toBe('city_a');
    expect(config.leaderPollMs).toBe(500);
  });

  it.each([
    ['DATABASE_SCHEMA', { DATABASE_SCHEMA: 'City; DROP' }, /plain lower-case identifier/],
    ['LEADER_POLL_MS', { LEADER_POLL_MS: '10' }, /100/],
  ])('stops start-up on a bad %s, naming it', (variable, env, why) => {
    expect(() => readConfig(env)).toThrow(new RegExp(`invalid environment variable ${variable}`));
    expect(() => readConfig(env)).toThrow(why);
  });
});
