import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sourceHash } from './buildIdentity.js';

const INPUTS = ['package.json', 'client/src', 'shared/src'];

describe('sourceHash: the client build id', () => {
  const dirs: string[] = [];
  const tree = (files: Record<string, string>): string => {
    const root = mkdtempSync(join(tmpdir(), 'build-id-'));
    dirs.push(root);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  const sources = { 'package.json': '{"version":"0.1.0"}', 'client/src/main.tsx': 'main', 'client/src/live/feed.ts': 'feed', 'shared/src/events.ts': 'v2' };

  it('is the same for the same sources, wherever and in whatever order they were written', () => {
    const a = tree(sources);
    const b = tree(Object.fromEntries(Object.entries(sources).reverse()));
    expect(sourceHash(a, INPUTS)).toMatch(/^[0-9a-f]{12}$/);
    expect(sourceHash(a, INPUTS)).toBe(sourceHash(b, INPUTS));
  });

  it('changes with any byte, name or version of what goes into the bundle', () => {
    const base = sourceHash(tree(sources), INPUTS);
    expect(sourceHash(tree({ ...sources, 'client/src/main.tsx': 'main ' }), INPUTS)).not.toBe(base);
    expect(sourceHash(tree({ ...sources, 'shared/src/events.ts': 'v3' }), INPUTS)).not.toBe(base);
    expect(sourceHash(tree({ ...sources, 'package.json': '{"version":"0.1.1"}' }), INPUTS)).not.toBe(base);
    const { 'client/src/live/feed.ts': feed, ...rest } = sources;
    expect(sourceHash(tree({ ...rest, 'client/src/live/feed2.ts': feed }), INPUTS)).not.toBe(base);
  });

  it('leaves tests and paths outside its inputs out', () => {
    const base = sourceHash(tree(sources), INPUTS);
    expect(sourceHash(tree({ ...sources, 'client/src/live/feed.test.ts': 'a test' }), INPUTS)).toBe(base);
    expect(sourceHash(tree({ ...sources, 'server/src/index.ts': 'server' }), INPUTS)).toBe(base);
  });
});
