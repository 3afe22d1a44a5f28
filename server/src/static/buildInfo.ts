import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { BUILD_FILE, BuildInfo } from '../../../shared/src/live/buildInfo.js';
import { PROTOCOL_VERSION, type Hello } from '../../../shared/src/live/events.js';

/** No client build known (none served, none built, or a build file that cannot be used): no screen reloads for a build. */
export const NO_BUILD: Hello = { build: null, protocol: PROTOCOL_VERSION };

/**
 * What this server announces to every live connection (`live:hello`) and in GET /api/health: the
 * build id of the client it serves, read once at start from `build.json` in `clientDir` (written by
 * `vite build`), and the protocol it speaks. No client directory, or none built (development with
 * `vite serve`, API-only tests): build null, and no screen reloads for a build.
 */
export function servedBuild(clientDir: string | undefined, logger: Logger): Hello {
  if (!clientDir) return NO_BUILD;
  const path = join(clientDir, BUILD_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn({ err, path }, 'the client build file could not be read: announcing no build');
    return NO_BUILD;
  }
  let parsed: ReturnType<typeof BuildInfo.safeParse>;
  try {
    parsed = BuildInfo.safeParse(JSON.parse(text));
  } catch (err) {
    logger.warn({ err, path }, 'the client build file is not JSON: announcing no build');
    return NO_BUILD;
  }
  if (!parsed.success) {
    logger.warn({ path, issue: parsed.error.issues[0]?.message }, 'the client build file is not { build, protocol }: announcing no build');
    return NO_BUILD;
  }
  if (parsed.data.protocol !== PROTOCOL_VERSION) {
    // Screens would load a client that speaks another protocol than this server: they reload once
    // and then every 10 minutes at most, until the client is built from the same sources.
    logger.error({ path, clientProtocol: parsed.data.protocol, serverProtocol: PROTOCOL_VERSION }, 'the client was built for another live protocol than this server speaks: rebuild it (npm run build)');
  }
  return { build: parsed.data.build, protocol: PROTOCOL_VERSION };
}
