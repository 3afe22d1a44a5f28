import { z } from 'zod';
import type { KpiFigures } from './kpiFormulas.js';

/**
 * Assessment (综合评价): a weighted composite score per unit from its KPIs, ranked. Each criterion
 * scores 0..1 linearly between `zero` (no marks) and `full` (full marks): for rates where higher is
 * better full > zero, for rates where lower is better full < zero. A criterion without data (no
 * case due, say) is left out and the weights of the others are scaled up, so an idle unit is not
 * ranked on nothing. A unit that received fewer than `minSample` cases in the period is not
 * judged at all (no score, no rank). Scores are out of 100.
 */
export const CRITERIA = ['onTimeRate', 'closureRate', 'registrationRate', 'dispatchRate', 'reworkRate', 'extensionRate', 'overdueShare'] as const;
export type Criterion = (typeof CRITERIA)[number];

export const CRITERION_NAMES: Record<Criterion, { zh: string; en: string }> = {
  onTimeRate: { zh: '按期结案率', en: 'On-time closure' },
  closureRate: { zh: '结案率', en: 'Closure rate' },
  registrationRate: { zh: '立案率', en: 'Registration rate' },
  dispatchRate: { zh: '派遣率', en: 'Dispatch rate' },
  reworkRate: { zh: '返工率', en: 'Rework rate' },
  extensionRate: { zh: '延期率', en: 'Extension rate' },
  overdueShare: { zh: '超期未结占比', en: 'Overdue open share' },
};

const Rule = z.strictObject({
  weight: z.number().min(0, 'must be ≥ 0'),
  /** value that earns full marks */
  full: z.number().min(0).max(1),
  /** value that earns nothing */
  zero: z.number().min(0).max(1),
});

export const AssessmentConfig = z
  .strictObject({
    criteria: z.strictObject(Object.fromEntries(CRITERIA.map((c) => [c, Rule])) as Record<Criterion, typeof Rule>),
    /** How many units the board shows at each end. */
    showTop: z.number().int().min(1).max(20),
    /**
     * Cases received in the period below which a unit is not scored or ranked: with one or two
     * cases every rate is 0% or 100%, and half the units would tie at full marks. Optional in a
     * file (older configurations), DEFAULT_MIN_SAMPLE then.
     */
    minSample: z.number().int().min(0).max(1_000_000).default(10),
  })
  .superRefine((config, ctx) => {
    for (const c of CRITERIA) {
      const rule = config.criteria[c];
      if (rule.full === rule.zero) ctx.addIssue({ code: 'custom', path: ['criteria', c, 'full'], message: 'full and zero must differ' });
    }
    if (CRITERIA.every((c) => config.criteria[c].weight === 0)) ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'at least one weight must be above 0' });
  });
export type AssessmentConfig = z.infer<typeof AssessmentConfig>;

/**
 * Defaults: on-time closure dominates, as in Zhengzhou's weekly reports; "按期结案率 ≥ 70% earns full
 * marks" is one city's published rule. The other thresholds are this product's defaults.
 */
export const DEFAULT_ASSESSMENT: AssessmentConfig = {
  criteria: {
    onTimeRate: { weight: 35, full: 0.7, zero: 0.3 },
    closureRate: { weight: 20, full: 0.98, zero: 0.6 },
    registrationRate: { weight: 10, full: 0.99, zero: 0.8 },
    dispatchRate: { weight: 10, full: 0.99, zero: 0.8 },
    reworkRate: { weight: 10, full: 0.005, zero: 0.05 },
    extensionRate: { weight: 5, full: 0.002, zero: 0.05 },
    overdueShare: { weight: 10, full: 0, zero: 0.1 },
  },
  showTop: 3,
  minSample: 10,
};

export function parseAssessmentConfig(raw: unknown): AssessmentConfig {
  const parsed = AssessmentConfig.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid assessment config:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  return parsed.data;
}

export interface AssessedUnit {
  code: string;
  name: string;
  score: number | null;
  rank: number | null;
  /** 0..1 per criterion that had data */
  parts: Partial<Record<Criterion, number>>;
  figures: KpiFigures;
}

/** The value of a criterion for a unit, or null without data. */
function valueOf(c: Criterion, f: KpiFigures): number | null {
  if (c === 'overdueShare') return f.received > 0 || f.due > 0 ? f.overdueOpen / Math.max(1, f.due, f.received) : null;
  return f[c];
}

/**
 * Scores and ranks units (best first); units with too few cases (`minSample`) or without any data
 * come last, unranked, those with the most cases first.
 */
export function assess(units: { code: string; name: string; figures: KpiFigures }[], config: AssessmentConfig = DEFAULT_ASSESSMENT): AssessedUnit[] {
  const out = units.map((u): AssessedUnit => {
    const parts: Partial<Record<Criterion, number>> = {};
    if (u.figures.received < config.minSample) return { code: u.code, name: u.name, score: null, rank: null, parts, figures: u.figures };
    let weighted = 0;
    let weights = 0;
    for (const c of CRITERIA) {
      const rule = config.criteria[c];
      const v = valueOf(c, u.figures);
      if (v === null || rule.weight === 0) continue;
      const part = Math.min(1, Math.max(0, (v - rule.zero) / (rule.full - rule.zero)));
      parts[c] = part;
      weighted += part * rule.weight;
      weights += rule.weight;
    }
    return { code: u.code, name: u.name, score: weights > 0 ? Math.round((weighted / weights) * 1000) / 10 : null, rank: null, parts, figures: u.figures };
  });
  out.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || (a.score === null ? b.figures.received - a.figures.received : 0) || a.code.localeCompare(b.code));
  let rank = 0;
  for (const u of out) if (u.score !== null) u.rank = ++rank;
  return out;
}
