/**
 * SLA clocks: the time limit of each stage of the closed loop for one case, and the deadlines they
 * give. Pure and browser-safe; the numbers come from `slaConfig.ts` or an override JSON file that
 * a deployment loads through `SlaPolicy.fromConfig`.
 */
import { z } from 'zod';
import { CATEGORIES, CATEGORY_BY_CODE, SUBCATEGORY_BY_CODE } from '../cases/categories.js';
import { URGENCIES, type Stage, type Urgency } from '../cases/caseModel.js';
import type { AreaType } from '../city/levels.js';
import { WorkCalendar } from './calendar.js';
import { DEFAULT_SLA_CONFIG } from './slaConfig.js';

/** The six timed stages of the closed loop, in order; each ends when the next lifecycle stage is reached. */
export const SLA_STAGES = ['register', 'dispatch', 'accept', 'handle', 'verify', 'close'] as const;
export type SlaStage = (typeof SLA_STAGES)[number];

/** The lifecycle stamps (`Case.times`) each SLA stage runs between. */
export const SLA_STAGE_SPAN: Record<SlaStage, readonly [from: Stage, to: Stage]> = {
  register: ['reported', 'registered'],
  dispatch: ['registered', 'dispatched'],
  accept: ['dispatched', 'accepted'],
  handle: ['accepted', 'handled'],
  verify: ['handled', 'verified'],
  close: ['verified', 'closed'],
};

export const AREA_TYPES = ['urban', 'fringe', 'rural'] as const satisfies readonly AreaType[];
export const SLA_CLOCKS = ['working', 'natural'] as const;
/** `working`: minutes of the working calendar (工作时间); `natural`: wall-clock minutes (自然时间). */
export type SlaClock = (typeof SLA_CLOCKS)[number];

export interface StageLimit {
  readonly minutes: number;
  readonly clock: SlaClock;
}

export interface SlaContext {
  category: string;
  subcategory: string;
  urgency: Urgency;
  areaType: AreaType;
}

export interface TimeLeft {
  /** Strictly past the deadline; the deadline instant itself is still on time. */
  overdue: boolean;
  /** deadline − now in ms; negative once overdue. */
  naturalMs: number;
  /** Working minutes from now to the deadline (negative once overdue) when the case runs on working time; null on natural time. */
  workingMinutes: number | null;
}

// ---- the schema of the config (and of a deployment's override JSON) ----

/** 366 days: a bigger number is most likely milliseconds or seconds typed where minutes belong. */
const MAX_MINUTES = 366 * 1440;
const minutes = z
  .number({ error: 'must be a number of minutes' })
  .refine((m) => Number.isFinite(m) && m > 0 && m <= MAX_MINUTES, { error: `must be minutes, more than 0 and at most ${MAX_MINUTES} (366 days)` });
const clock = z.enum(SLA_CLOCKS, { error: `must be one of ${SLA_CLOCKS.join(', ')}` });
const stageLimit = z.strictObject({ minutes, clock });
const urgency = z.enum(URGENCIES, { error: `must be one of ${URGENCIES.join(', ')}` });

/** A strict object with one entry per key: a missing key or a typo is named by its path. */
function keyed<K extends string, T extends z.ZodType>(keys: readonly K[], value: T) {
  return z.strictObject(Object.fromEntries(keys.map((k) => [k, value])) as { [P in K]: T });
}
const allStages = keyed(SLA_STAGES, stageLimit);
const someStages = keyed(SLA_STAGES, stageLimit).partial();

const day = z.string().refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
  error: 'must be a date YYYY-MM-DD',
});
const minuteOfDay = z.number({ error: 'must be minutes after midnight' }).int('must be whole minutes').min(0).max(1440);

const calendar = z
  .strictObject({
    periods: z.array(z.tuple([minuteOfDay, minuteOfDay]), { error: 'must be a list of [start, end] minutes after midnight' }).min(1, 'needs at least one working period'),
    holidays: z.array(day),
    workdays: z.array(day),
  })
  .superRefine((cal, ctx) => {
    let last = 0;
    cal.periods.forEach(([a, b], i) => {
      if (a >= b || a < last) ctx.addIssue({ code: 'custom', path: ['periods', i], message: `periods must be ascending, non-overlapping [start, end] ranges, got [${a}, ${b}]` });
      last = Math.max(last, b);
    });
    const holidays = new Set(cal.holidays);
    cal.workdays.forEach((d, i) => {
      if (holidays.has(d)) ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${d} is listed both as a holiday and as a make-up working day` });
    });
  });

const areaAdjustment = z.strictObject({
  factor: z.number({ error: 'must be a number' }).positive().max(10).optional(),
  extraMinutes: z.number({ error: 'must be a number of minutes' }).min(0).max(MAX_MINUTES).optional(),
});

const override = z
  .strictObject({
    /** Why: the local rule it comes from (JSON has no comments). */
    note: z.string().optional(),
    category: z.string().refine((c) => CATEGORY_BY_CODE.has(c), { error: 'unknown category code (see categories.ts)' }).optional(),
    subcategory: z.string().refine((c) => SUBCATEGORY_BY_CODE.has(c), { error: 'unknown subcategory code (see categories.ts)' }).optional(),
    /** Urgencies it applies to; all when absent. */
    urgencies: z.array(urgency).min(1).optional(),
    stages: someStages,
  })
  .superRefine((o, ctx) => {
    if (o.category === undefined && o.subcategory === undefined) ctx.addIssue({ code: 'custom', path: ['category'], message: 'an override needs a category or a subcategory' });
    const sub = o.subcategory === undefined ? undefined : SUBCATEGORY_BY_CODE.get(o.subcategory);
    if (sub && o.category !== undefined && sub.category !== o.category) {
      ctx.addIssue({ code: 'custom', path: ['subcategory'], message: `${o.subcategory} belongs to category ${sub.category}, not ${o.category}` });
    }
  });

/** The SLA configuration: see `slaConfig.ts` for the default and what each part means. */
export const SlaConfig = z.strictObject({
  calendar,
  base: keyed(URGENCIES, allStages),
  overrides: z.array(override),
  areaTypes: keyed(AREA_TYPES, keyed(SLA_STAGES, areaAdjustment).partial()),
  extension: z.strictObject({
    /** Length of one extension when the case runs on working time. */
    workingMinutes: minutes,
    /** Length of one extension when the case runs on natural time. */
    naturalMinutes: minutes,
    max: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(0).max(10),
  }),
});
export type SlaConfig = z.output<typeof SlaConfig>;
export type SlaConfigInput = z.input<typeof SlaConfig>;

// ---- the policy ----

const MINUTE = 60_000;

/** One (category, subcategory, urgency, area type) resolved once: its limits and its chain folded into runs of one clock. */
interface Resolved {
  limits: Record<SlaStage, StageLimit>;
  /** The clock of the handling stage: the case's clock for extensions and time left. */
  clock: SlaClock;
  /** Consecutive stages of the same clock summed: adding minutes is additive on either clock, so the chain is one call per run. */
  runs: { working: boolean; minutes: number }[];
}

/** Index of a (urgency, area type) pair in a precomputed row. */
const URGENCY_INDEX = Object.fromEntries(URGENCIES.map((u, i) => [u, i])) as Record<Urgency, number>;
const AREA_INDEX = Object.fromEntries(AREA_TYPES.map((a, i) => [a, i])) as Record<AreaType, number>;

export class SlaPolicy {
  readonly calendar: WorkCalendar;
  readonly maxExtensions: number;
  /** category → subcategory → resolved entries, indexed by urgency × area type. */
  private readonly table = new Map<string, Map<string, Resolved[]>>();

  private constructor(private readonly config: SlaConfig) {
    this.calendar = new WorkCalendar(config.calendar);
    this.maxExtensions = config.extension.max;
    for (const cat of CATEGORIES) {
      const row = new Map<string, Resolved[]>();
      for (const sub of cat.subcategories) {
        const entries: Resolved[] = [];
        for (const u of URGENCIES) for (const a of AREA_TYPES) entries[URGENCY_INDEX[u] * AREA_TYPES.length + AREA_INDEX[a]] = this.resolve({ category: cat.code, subcategory: sub.code, urgency: u, areaType: a });
        row.set(sub.code, entries);
      }
      this.table.set(cat.code, row);
    }
  }

  /** Validates `config` (e.g. a parsed override JSON file); throws an Error naming the path of every bad field. */
  static fromConfig(config: unknown): SlaPolicy {
    const parsed = SlaConfig.safeParse(config);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
      throw new Error(`invalid SLA config:\n${lines.join('\n')}`);
    }
    return new SlaPolicy(parsed.data);
  }

  static default(): SlaPolicy {
    return SlaPolicy.fromConfig(DEFAULT_SLA_CONFIG);
  }

  /** The time limit of one stage for this case. */
  limit(stage: SlaStage, ctx: SlaContext): StageLimit {
    return this.lookup(ctx).limits[stage];
  }

  /** The case's clock: that of its handling stage, which extensions and the time left count in. */
  clockOf(ctx: SlaContext): SlaClock {
    return this.lookup(ctx).clock;
  }

  /** When a stage that started at `startMs` must end (epoch ms). */
  stageDeadline(stage: SlaStage, ctx: SlaContext, startMs: number): number {
    const { minutes, clock } = this.lookup(ctx).limits[stage];
    return this.add(startMs, minutes, clock === 'working');
  }

  /** When the case must be closed if every stage uses its whole limit, counted from the report. */
  closureDeadline(ctx: SlaContext, reportedMs: number): number {
    let t = reportedMs;
    for (const run of this.lookup(ctx).runs) t = this.add(t, run.minutes, run.working);
    return t;
  }

  /** The deadline pushed by one extension (延期), on the case's clock. Counting extensions against `maxExtensions` is the caller's job. */
  extend(deadlineMs: number, ctx: SlaContext): number {
    const working = this.lookup(ctx).clock === 'working';
    const { workingMinutes, naturalMinutes } = this.config.extension;
    return this.add(deadlineMs, working ? workingMinutes : naturalMinutes, working);
  }

  timeLeft(deadlineMs: number, nowMs: number, ctx: SlaContext): TimeLeft {
    const naturalMs = deadlineMs - nowMs;
    let workingMinutes: number | null = null;
    if (this.lookup(ctx).clock === 'working') {
      workingMinutes = naturalMs >= 0 ? this.calendar.workingMinutesBetween(nowMs, deadlineMs) : -this.calendar.workingMinutesBetween(deadlineMs, nowMs);
    }
    return { overdue: nowMs > deadlineMs, naturalMs, workingMinutes };
  }

  private add(startMs: number, minutes: number, working: boolean): number {
    return working ? this.calendar.addWorkingMinutes(startMs, minutes) : startMs + minutes * MINUTE;
  }

  private lookup(ctx: SlaContext): Resolved {
    const entry = this.table.get(ctx.category)?.get(ctx.subcategory)?.[URGENCY_INDEX[ctx.urgency] * AREA_TYPES.length + AREA_INDEX[ctx.areaType]];
    // A code outside categories.ts (e.g. a retired one on an old case) is resolved each time rather than cached, so the table stays bounded.
    return entry ?? this.resolve(ctx);
  }

  /** Base row of the urgency, then category overrides, then subcategory overrides (later entries win), then the area type. */
  private resolve(ctx: SlaContext): Resolved {
    const limits = { ...this.config.base[ctx.urgency] };
    const applies = (o: SlaConfig['overrides'][number]) =>
      (o.category === undefined || o.category === ctx.category) && (o.urgencies === undefined || o.urgencies.includes(ctx.urgency));
    const overrides = this.config.overrides.filter(applies);
    const apply = (o: SlaConfig['overrides'][number]) => {
      for (const stage of SLA_STAGES) {
        const limit = o.stages[stage];
        if (limit) limits[stage] = limit;
      }
    };
    for (const o of overrides) if (o.subcategory === undefined) apply(o);
    for (const o of overrides) if (o.subcategory === ctx.subcategory) apply(o);
    const area = this.config.areaTypes[ctx.areaType];
    for (const stage of SLA_STAGES) {
      const adj = area[stage];
      if (adj) limits[stage] = { minutes: Math.round(limits[stage].minutes * (adj.factor ?? 1) + (adj.extraMinutes ?? 0)), clock: limits[stage].clock };
    }
    const runs: Resolved['runs'] = [];
    for (const stage of SLA_STAGES) {
      const { minutes, clock } = limits[stage];
      const last = runs[runs.length - 1];
      if (last && last.working === (clock === 'working')) last.minutes += minutes;
      else runs.push({ working: clock === 'working', minutes });
    }
    return { limits, clock: limits.handle.clock, runs };
  }
}
