import { z } from 'zod';
import { CATEGORIES } from '../cases/categories.js';

/**
 * 党建引领: every rule of the party organisation model that is a local choice, in one place.
 * `PARTY_CONFIG=/path/party.json` replaces the whole of it (validated at start, errors name the
 * field); the defaults below say where each number comes from.
 */

const AREA_TYPES = ['urban', 'fringe', 'rural'] as const;
const Share = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
const ByAreaType = z.strictObject({ urban: Share, fringe: Share, rural: Share });
const Count = z.number().int('must be a whole number').min(1, 'must be at least 1').max(100_000);

/**
 * Figures a derived star can test, per community over the rating year (Beijing time) unless said:
 * - `onTimeRate` 按期结案率 and `closureRate` 结案率 among cases due in the year (null below `minDue`);
 * - `overdueOpen` open cases past their deadline now (超期未结), and the same per 1,000 households;
 * - `disputesPer1000Households` cases of the dispute categories (矛盾纠纷) received in the year per
 *   1,000 households, annualised (× 365 days ÷ days of the year so far, at least one day).
 */
export const STAR_METRICS = ['onTimeRate', 'closureRate', 'overdueOpen', 'overduePer1000Households', 'disputesPer1000Households'] as const;
export type StarMetric = (typeof STAR_METRICS)[number];

const Condition = z
  .strictObject({
    metric: z.enum(STAR_METRICS, { error: `must be one of ${STAR_METRICS.join(', ')}` }),
    atLeast: z.number().optional(),
    atMost: z.number().optional(),
  })
  .refine((c) => c.atLeast !== undefined || c.atMost !== undefined, { message: 'needs atLeast or atMost', path: ['atLeast'] });
export type StarCondition = z.infer<typeof Condition>;

const StarKey = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be a short lower-case key (a-z, 0-9, _)');
/** A star recorded by an administrator (PUT /api/party/ratings/:community), or derived from live figures (all conditions hold). */
const Star = z.discriminatedUnion(
  'source',
  [
    z.strictObject({ key: StarKey, name: z.string().min(1).max(20), en: z.string().min(1).max(60), source: z.literal('recorded') }),
    z.strictObject({ key: StarKey, name: z.string().min(1).max(20), en: z.string().min(1).max(60), source: z.literal('derived'), when: z.array(Condition).min(1, 'needs at least one condition') }),
  ],
  { error: 'source must be recorded or derived' },
);
export type StarDefinition = z.infer<typeof Star>;

const StarSet = z.array(Star).min(1, 'needs at least one star').max(10, 'holds at most 10 stars');

/** A 党群服务中心 known by name: it replaces the generated centre of its street or community, or (kind other) adds one there. */
const NamedCentre = z.strictObject({
  name: z.string().min(1).max(60),
  area: z.string().regex(/^\d{9}(\d{3})?$/, 'must be a street (9 digits) or community (12 digits) code'),
  kind: z.enum(['street', 'community', 'other'], { error: 'must be street, community or other' }),
});
export type NamedCentre = z.infer<typeof NamedCentre>;

export const PartyConfig = z
  .strictObject({
    organisation: z.strictObject({
      /** 正式党员 needed for a 党支部 (a grid gets a 网格党支部 from here, else a 网格党小组). */
      branchMin: Count,
      /** From here a community organisation is a 党总支 ... */
      generalBranchMin: Count,
      /** ... and from here a 党委. */
      committeeMin: Count,
      /** Members of its own a grid needs for an organisation of its own; below, the community organisation leads it directly. */
      gridGroupMin: Count,
      /** 楼栋党小组: one per building in grids of these area types that have a 网格党支部 ... */
      buildingGroupAreaTypes: z.array(z.enum(AREA_TYPES, { error: 'must be urban, fringe or rural' })),
      /** ... as long as there are this many members living in the grid (held there or reported) per group. */
      buildingGroupMin: Count,
    }),
    members: z.strictObject({
      /** Party members among residents, by area type. */
      shareOfPopulation: ByAreaType,
      /** Of them, the share whose membership is held in the community (retirees, residents without a workplace organisation); the rest are 在职党员. */
      heldInCommunity: ByAreaType,
      /** 双报到: the share of 在职党员 who have reported to their home community. */
      reportedShare: Share,
      /** Each grid's shares vary by up to ± this fraction (seeded). */
      variation: z.number().min(0, 'must be between 0 and 0.9').max(0.9, 'must be between 0 and 0.9'),
    }),
    ratings: z.strictObject({
      /** Stars of urban communities (社区) and of villages (村). */
      community: StarSet,
      village: StarSet,
      /** Cases due in the year below which a rate is not judged (null): a star that tests it is not earned. */
      minDue: z.number().int().min(0).max(1_000_000),
      /** Case categories counted as disputes. */
      disputeCategories: z.array(z.string()).min(1, 'needs at least one category'),
    }),
    /** Service centres known by name (the generated ones are named after their street or community). */
    centres: z.array(NamedCentre).max(10_000),
  })
  .superRefine((config, ctx) => {
    const o = config.organisation;
    if (o.generalBranchMin <= o.branchMin) ctx.addIssue({ code: 'custom', path: ['organisation', 'generalBranchMin'], message: 'must be above branchMin' });
    if (o.committeeMin <= o.generalBranchMin) ctx.addIssue({ code: 'custom', path: ['organisation', 'committeeMin'], message: 'must be above generalBranchMin' });
    for (const set of ['community', 'village'] as const) {
      const seen = new Set<string>();
      config.ratings[set].forEach((star, i) => {
        if (seen.has(star.key)) ctx.addIssue({ code: 'custom', path: ['ratings', set, i, 'key'], message: `star key ${star.key} is used twice` });
        seen.add(star.key);
      });
    }
    config.ratings.disputeCategories.forEach((code, i) => {
      if (!CATEGORIES.some((c) => c.code === code)) ctx.addIssue({ code: 'custom', path: ['ratings', 'disputeCategories', i], message: `unknown category ${code}` });
    });
    config.centres.forEach((centre, i) => {
      const level = centre.area.length === 9 ? 'street' : 'community';
      if (centre.kind !== 'other' && centre.kind !== level) ctx.addIssue({ code: 'custom', path: ['centres', i, 'kind'], message: `a ${centre.kind} centre needs a ${centre.kind} code, not the ${level} ${centre.area}` });
    });
  });
export type PartyConfig = z.infer<typeof PartyConfig>;

/**
 * Defaults.
 * - Organisation sizes follow the Party's rules for basic-level organisations (e.g. 中国共产党支部
 *   工作条例（试行）2018 art. 5, 中国共产党党和国家机关基层组织工作条例 2019 art. 5): 3–49 正式党员 a
 *   党支部, 50–99 a 党总支, 100 and more a 党委. A 党支部 divides into 党小组; a 党支部 has no branches
 *   under it, so the grids of a community led by a 党支部 get 党小组.
 * - About 7% of China's population are members (99.2 million at the end of 2023, of 1.41 billion);
 *   cities more, villages less. Most urban members belong to their workplace's organisation and
 *   report to their home community (在职党员双报到); most village members are held in the village.
 * - Henan's "五星"支部 creation (annual, since 2021) rates villages on 支部过硬星, 产业兴旺星, 生态宜居星,
 *   平安法治星, 文明幸福星, and urban communities on 支部过硬星, 宜业兴业星, 平安法治星, 共建共享星,
 *   幸福和谐星 (as reported by Henan's counties; the province's scoring sheets are not public). Which
 *   stars are recorded by hand and which derived from this product's figures, and the thresholds,
 *   are this product's defaults: 平安法治 from disputes and overdue cases, 幸福和谐 / 文明幸福
 *   ("solving residents' urgent problems") from on-time closure.
 * - The two centres named in the Zhengzhou Evening News report of the January 2023 observation
 *   meeting (党建引领网格化基层治理工作观摩推进会): 金水区杜岭街道商圈党群服务中心 (a business-district
 *   centre besides the street's own) and 管城区西大街街道平等街社区党群服务中心.
 */
/** Stars communities and villages share: the branch itself, and safety and rule of law (from cases). */
const BRANCH_STAR: StarDefinition = { key: 'branch', name: '支部过硬星', en: 'Strong branch', source: 'recorded' };
const SAFETY_STAR: StarDefinition = {
  key: 'safety',
  name: '平安法治星',
  en: 'Safety and rule of law',
  source: 'derived',
  when: [
    { metric: 'disputesPer1000Households', atMost: 50 },
    { metric: 'overduePer1000Households', atMost: 1 },
  ],
};

export const DEFAULT_PARTY_CONFIG: PartyConfig = {
  organisation: { branchMin: 3, generalBranchMin: 50, committeeMin: 100, gridGroupMin: 1, buildingGroupAreaTypes: ['urban'], buildingGroupMin: 3 },
  members: {
    shareOfPopulation: { urban: 0.075, fringe: 0.07, rural: 0.06 },
    heldInCommunity: { urban: 0.3, fringe: 0.5, rural: 0.85 },
    reportedShare: 0.9,
    variation: 0.2,
  },
  ratings: {
    community: [
      BRANCH_STAR,
      { key: 'business', name: '宜业兴业星', en: 'Jobs and business', source: 'recorded' },
      SAFETY_STAR,
      { key: 'sharing', name: '共建共享星', en: 'Built and shared together', source: 'recorded' },
      { key: 'harmony', name: '幸福和谐星', en: 'Happiness and harmony', source: 'derived', when: [{ metric: 'onTimeRate', atLeast: 0.9 }] },
    ],
    village: [
      BRANCH_STAR,
      { key: 'industry', name: '产业兴旺星', en: 'Thriving industry', source: 'recorded' },
      { key: 'ecology', name: '生态宜居星', en: 'Green and liveable', source: 'recorded' },
      SAFETY_STAR,
      { key: 'civility', name: '文明幸福星', en: 'Civility and happiness', source: 'derived', when: [{ metric: 'onTimeRate', atLeast: 0.9 }] },
    ],
    minDue: 10,
    disputeCategories: ['MD'],
  },
  centres: [
    { name: '杜岭街道商圈党群服务中心', area: '410105004', kind: 'other' },
    { name: '平等街社区党群服务中心', area: '410104002002', kind: 'community' },
  ],
};

export function parsePartyConfig(raw: unknown): PartyConfig {
  const parsed = PartyConfig.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid party config:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  return parsed.data;
}
