import { resolve } from 'node:path';
import { z } from 'zod';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SIM: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  SIM_RATE: z.coerce.number().min(1).max(1000).default(1),
  SIM_SEED: z.string().default('zhengzhou'),
  SIM_BACKFILL_HOURS: z.coerce.number().int().min(0).max(24 * 14).default(24),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: string;
  simulator: { rate: number; seed: string; backfillHours: number } | null;
}

/** Reads the environment; a bad value stops start-up with a message naming the variable. */
export function readConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid environment variable ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    simulator: e.SIM === 'on' ? { rate: e.SIM_RATE, seed: e.SIM_SEED, backfillHours: e.SIM_BACKFILL_HOURS } : null,
  };
}
