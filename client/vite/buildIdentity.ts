import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Plugin } from 'vite';
import { BUILD_FILE, type BuildInfo } from '../../shared/src/live/buildInfo.js';
import { PROTOCOL_VERSION } from '../../shared/src/live/events.js';

/**
 * What the client bundle is made of, relative to the repository root: its sources, the shared code,
 * the build's configuration and the exact dependencies (the lockfile). Tests are left out: they are
 * not in the bundle.
 */
export const BUILD_INPUTS = ['package.json', 'package-lock.json', 'vite.config.ts', 'client/index.html', 'client/public', 'client/src', 'client/vite', 'shared/src'];

const TEST_FILE = /\.test\.tsx?$/;

function filesUnder(root: string, path: string, out: string[]): void {
  const full = join(root, path);
  if (!existsSync(full)) return;
  if (!statSync(full).isDirectory()) {
    if (!TEST_FILE.test(path)) out.push(path);
    return;
  }
  for (const name of readdirSync(full)) filesUnder(root, join(path, name), out);
}

/**
 * A short hash of the inputs' paths and bytes, in a fixed order: the same sources give the same id
 * on every machine and every run (so nodes built from one commit agree, and rebuilding the same
 * commit reloads no screen), and any change to them gives another.
 */
export function sourceHash(root: string, inputs: readonly string[] = BUILD_INPUTS): string {
  const files: string[] = [];
  for (const input of inputs) filesUnder(root, input, files);
  const hash = createHash('sha256');
  for (const file of files.map((f) => f.split(sep).join('/')).sort()) {
    hash.update(file).update('\0').update(readFileSync(join(root, file))).update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

/**
 * Stamps the bundle with its build id (`__BUILD_ID__`, read by client/src/live/useBuildReload.ts)
 * and writes `build.json` ({ build, protocol }) beside it for the server to announce. Under
 * `vite serve` (development, with HMR) the id is null: nothing reloads.
 */
export function buildIdentity(root: string): Plugin {
  let build: string | null = null;
  return {
    name: 'city-build-identity',
    config(_config, { command }) {
      build = command === 'build' ? sourceHash(root) : null;
      return { define: { __BUILD_ID__: JSON.stringify(build) } };
    },
    generateBundle() {
      if (build === null) return;
      const info: BuildInfo = { build, protocol: PROTOCOL_VERSION };
      this.emitFile({ type: 'asset', fileName: BUILD_FILE, source: `${JSON.stringify(info)}\n` });
    },
  };
}
