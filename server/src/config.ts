import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { parseAssessmentConfig, type AssessmentConfig } from '../../shared/src/kpi/assessment.js';
import { parsePartyConfig, type PartyConfig } from '../../shared/src/party/partyConfig.js';
import { SlaPolicy } from '../../shared/src/sla/slaPolicy.js';
import { DEFAULT_MAP_MAX_POINTS } from '../../shared/src/columnar/mapQueries.js';
import { BasemapOrigins, BasemapStyleUrl, basemapOf, type Basemap } from './wall/basemap.js';
import { LOOPBACK_ONLY, parseCidr, type MetricsAccess } from './cluster/networks.js';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional()),
  DATABASE_SCHEMA: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a plain lower-case identifier').optional()),
  LEADER_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SIM: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  SIM_RATE: z.coerce.number().min(1).max(1000).default(1),
  SIM_SEED: z.string().default('zhengzhou'),
  SIM_BACKFILL_HOURS: z.coerce.number().int().min(0).max(24 * 14).default(24),
  HISTORY_DAYS: z.coerce.number({ error: 'must be a number of days' }).int('must be whole days').min(0, 'must be 0–400 days').max(400, 'must be 0–400 days').optional(),
  SLA_CONFIG: z.string().min(1).optional(),
  ASSESSMENT_CONFIG: z.string().min(1).optional(),
  PARTY_CONFIG: z.string().min(1).optional(),
  NODE_ENV: z.string().optional(),
  DEMO_ACCOUNTS: z.enum(['on', 'off'], { error: 'must be on or off' }).optional(),
  TRUST_PROXY: z.string().optional(),
  BASEMAP_STYLE_URL: BasemapStyleUrl,
  BASEMAP_ORIGINS: BasemapOrigins,
  MAP_MAX_POINTS: z.coerce.number({ error: 'must be a number of points' }).int('must be a whole number').min(1_000, 'must be 1,000–5,000,000').max(5_000_000, 'must be 1,000–5,000,000').default(DEFAULT_MAP_MAX_POINTS),
  STEER_IDLE_MINUTES: z.coerce.number({ error: 'must be a number of minutes' }).int('must be whole minutes').min(1, 'must be 1–240 minutes').max(240, 'must be 1–240 minutes').default(10),
  REDIS_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional()),
  METRICS_ALLOW: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      for (const cidr of v?.split(',') ?? []) {
        try {
          parseCidr(cidr);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      }
    }),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** DATABASE_SCHEMA: the PostgreSQL schema of the tables (created if missing); unset: the search_path's. */
  databaseSchema: string | undefined;
  /** LEADER_POLL_MS: how often a PostgreSQL node asks to lead the once-per-city jobs (a takeover takes about this long). */
  leaderPollMs: number;
  logLevel: string;
  simulator: { rate: number; seed: string; backfillHours: number } | null;
  /** HISTORY_DAYS: days of simulated history a new, empty store starts with; 30 with the simulator on (not in production), else 0. */
  historyDays: number;
  /** From SLA_CONFIG (a JSON file); the built-in defaults when unset. */
  sla: SlaPolicy | undefined;
  assessment: AssessmentConfig | undefined;
  /** From PARTY_CONFIG: the party organisation's rules (shared/src/party/partyConfig.ts defaults when unset). */
  party: PartyConfig | undefined;
  /** Demo accounts on a fresh installation: on unless NODE_ENV=production or DEMO_ACCOUNTS=off. */
  demoAccounts: boolean;
  /** Express's "trust proxy" (hops or addresses) behind a TLS-terminating proxy; unset: none. */
  trustProxy: string | number | undefined;
  /** BASEMAP_STYLE_URL (and BASEMAP_ORIGINS): a style on the user's network; null: the offline basemap. */
  basemap: Basemap | null;
  /** MAP_MAX_POINTS: points one GET /api/map/cases or /api/replay answer holds at most; the rest are counted in its header. */
  mapMaxPoints: number;
  /** STEER_IDLE_MINUTES: a wall's controller quiet this long loses it, and the wall returns to its own tour (ms). */
  steerIdleMs: number;
  /** REDIS_URL: with several server processes, the shared limits and the Socket.IO adapter; unset: one process. */
  redisUrl: string | undefined;
  /** METRICS_ALLOW (CIDRs, default loopback) and METRICS_TOKEN (bearer): who may read GET /metrics. */
  metrics: MetricsAccess;
}

/** Reads and validates a JSON config file; errors name the variable, the file and the field. */
function jsonFile<T>(variable: string, path: string | undefined, parse: (raw: unknown) => T): T | undefined {
  if (path === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${variable}=${path}: cannot read it as JSON: ${(error as Error).message}`);
  }
  try {
    return parse(raw);
  } catch (error) {
    throw new Error(`${variable}=${path}: ${(error as Error).message}`);
  }
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
    databaseSchema: e.DATABASE_SCHEMA,
    leaderPollMs: e.LEADER_POLL_MS,
    logLevel: e.LOG_LEVEL,
    simulator: e.SIM === 'on' ? { rate: e.SIM_RATE, seed: e.SIM_SEED, backfillHours: e.SIM_BACKFILL_HOURS } : null,
    historyDays: e.HISTORY_DAYS ?? (e.SIM === 'on' && e.NODE_ENV !== 'production' ? 30 : 0),
    sla: jsonFile('SLA_CONFIG', e.SLA_CONFIG, (raw) => SlaPolicy.fromConfig(raw)),
    assessment: jsonFile('ASSESSMENT_CONFIG', e.ASSESSMENT_CONFIG, parseAssessmentConfig),
    party: jsonFile('PARTY_CONFIG', e.PARTY_CONFIG, parsePartyConfig),
    demoAccounts: e.DEMO_ACCOUNTS ? e.DEMO_ACCOUNTS === 'on' : e.NODE_ENV !== 'production',
    trustProxy: e.TRUST_PROXY === undefined ? undefined : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
    basemap: basemapOf(e.BASEMAP_STYLE_URL, e.BASEMAP_ORIGINS),
    mapMaxPoints: e.MAP_MAX_POINTS,
    steerIdleMs: e.STEER_IDLE_MINUTES * 60_000,
    redisUrl: e.REDIS_URL,
    metrics: { allow: e.METRICS_ALLOW ? e.METRICS_ALLOW.split(',').map((c) => c.trim()) : [...LOOPBACK_ONLY], token: e.METRICS_TOKEN ?? null },
  };
}
