import { z } from 'zod';

/**
 * The client build's identity, written by `vite build` beside the bundle (client/vite/buildIdentity.ts)
 * and read by the server from the directory it serves (server/src/static/buildInfo.ts): the build id
 * the bundle was stamped with, and the live protocol version it was built to speak.
 */
export const BUILD_FILE = 'build.json';

export const BuildInfo = z.strictObject({
  build: z.string().regex(/^[\w.-]{1,64}$/, 'build: 1–64 letters, digits, ".", "_" or "-"'),
  protocol: z.number().int().positive(),
});
export type BuildInfo = z.infer<typeof BuildInfo>;
