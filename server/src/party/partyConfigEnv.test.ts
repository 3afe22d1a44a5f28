import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARTY_CONFIG } from '../../../shared/src/party/partyConfig.js';
import { readConfig } from '../config.js';

describe('PARTY_CONFIG: the party organisation rules from a JSON file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'party-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it('is the built-in defaults when unset, and the file when set', () => {
    expect(readConfig({}).party).toBeUndefined();
    const stricter = { ...DEFAULT_PARTY_CONFIG, organisation: { ...DEFAULT_PARTY_CONFIG.organisation, committeeMin: 150 } };
    expect(readConfig({ PARTY_CONFIG: file('party.json', stricter) }).party).toEqual(stricter);
  });

  it('stops start-up naming the variable, the file and the field', () => {
    const bad = file('bad.json', { ...DEFAULT_PARTY_CONFIG, members: { ...DEFAULT_PARTY_CONFIG.members, reportedShare: 2 } });
    expect(() => readConfig({ PARTY_CONFIG: bad })).toThrow(`PARTY_CONFIG=${bad}: invalid party config:\n  members.reportedShare: must be between 0 and 1`);
    const broken = file('broken.json', '{ "organisation": ');
    expect(() => readConfig({ PARTY_CONFIG: broken })).toThrow(`PARTY_CONFIG=${broken}: cannot read it as JSON`);
  });
});
