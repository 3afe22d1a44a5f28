import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD_INPUTS } from '../client/vite/buildIdentity.js';
import { BUILD_FILE } from '../shared/src/live/buildInfo.js';

// The Node-only part of the browser harness (no DOM types), shared with bench/wall.ts.

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless software WebGL (no GPU on the test machines), no background traffic of Chromium's own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Mesa llvmpipe renders WebGL 3–6× faster than SwiftShader here; without the blocklist flag there is no WebGL.
  '--use-angle=gl-egl',
  '--ignore-gpu-blocklist',
];

function newestMtimeMs(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtimeMs(join(path, name))), stat.mtimeMs);
}

/**
 * Builds client/dist (production) when it is missing, has no build.json (built before the build
 * identity), or is older than its sources (what the build id hashes: client/vite/buildIdentity.ts) (~5 s).
 */
export function ensureClientBuilt(repoRoot: string): void {
  const built = join(repoRoot, 'client', 'dist', 'index.html');
  const inputs = BUILD_INPUTS.map((input) => join(repoRoot, input)).filter((path) => existsSync(path));
  const sources = Math.max(...inputs.map(newestMtimeMs));
  if (existsSync(built) && existsSync(join(repoRoot, 'client', 'dist', BUILD_FILE)) && statSync(built).mtimeMs >= sources) return;
  // Vitest sets NODE_ENV=test, which the child would inherit and bundle React's development build.
  execFileSync('npx', ['vite', 'build'], { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}
