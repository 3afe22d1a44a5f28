import { describe, expect, it } from 'vitest';
import { checkRecordedStars, rateCommunity, starMetrics, starSetOf, type CommunityFigures } from './fiveStars.js';
import { DEFAULT_PARTY_CONFIG, parsePartyConfig, type PartyConfig } from './partyConfig.js';

const URBAN = { name: '平等街社区', fullName: '平等街社区居委会' };
const VILLAGE = { name: '王庄村', fullName: '王庄村民委员会' };

/** A quiet, well-run community of 2,000 households half-way through the year. */
const figures = (over: Partial<CommunityFigures> = {}): CommunityFigures => ({ households: 2000, due: 200, closed: 196, closedOnTime: 190, overdueOpen: 1, disputes: 20, days: 182.5, ...over });

const earned = (config: PartyConfig, f: CommunityFigures, recorded: string[] = [], node = URBAN) =>
  rateCommunity(config, node, f, new Set(recorded))
    .stars.filter((s) => s.earned)
    .map((s) => s.key);

/** The default configuration with the 平安法治 thresholds of both sets replaced. */
function withSafety(disputesAtMost: number, overdueAtMost: number): PartyConfig {
  const raw = structuredClone(DEFAULT_PARTY_CONFIG);
  for (const set of [raw.ratings.community, raw.ratings.village]) {
    const safety = set.find((s) => s.key === 'safety')!;
    if (safety.source === 'derived') safety.when = [{ metric: 'disputesPer1000Households', atMost: disputesAtMost }, { metric: 'overduePer1000Households', atMost: overdueAtMost }];
  }
  return parsePartyConfig(raw);
}

describe('五星支部 ratings', () => {
  it('rates villages and urban communities on their own star sets', () => {
    expect(starSetOf(URBAN)).toBe('community');
    expect(starSetOf(VILLAGE)).toBe('village');
    expect(rateCommunity(DEFAULT_PARTY_CONFIG, URBAN, figures(), new Set()).stars.map((s) => s.name)).toEqual(['支部过硬星', '宜业兴业星', '平安法治星', '共建共享星', '幸福和谐星']);
    expect(rateCommunity(DEFAULT_PARTY_CONFIG, VILLAGE, figures(), new Set()).stars.map((s) => s.name)).toEqual(['支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星']);
  });

  it('derives stars from the figures and takes the recorded ones as recorded', () => {
    // 20 disputes in half a year over 2,000 households: 20 a year per 1,000; 0.5 overdue per 1,000; 95% on time
    expect(starMetrics(figures(), 10)).toEqual({ onTimeRate: 0.95, closureRate: 0.98, overdueOpen: 1, overduePer1000Households: 0.5, disputesPer1000Households: 20 });
    expect(earned(DEFAULT_PARTY_CONFIG, figures())).toEqual(['safety', 'harmony']);
    const all = rateCommunity(DEFAULT_PARTY_CONFIG, URBAN, figures(), new Set(['branch', 'business', 'sharing']));
    expect(all.earned).toBe(5);
    expect(all.stars.find((s) => s.key === 'safety')!.figures).toEqual({ disputesPer1000Households: 20, overduePer1000Households: 0.5 });
    // three overdue cases (1.5 per 1,000 households) cost the 平安法治星; 80% on time the 幸福和谐星
    expect(earned(DEFAULT_PARTY_CONFIG, figures({ overdueOpen: 3, closedOnTime: 160 }), ['branch'])).toEqual(['branch']);
  });

  it('does not judge a rate on too few cases: the star is not earned', () => {
    const few = figures({ due: 5, closed: 5, closedOnTime: 5 });
    expect(starMetrics(few, 10).onTimeRate).toBeNull();
    expect(earned(DEFAULT_PARTY_CONFIG, few)).toEqual(['safety']);
    expect(earned(parsePartyConfig({ ...DEFAULT_PARTY_CONFIG, ratings: { ...DEFAULT_PARTY_CONFIG.ratings, minDue: 5 } }), few)).toEqual(['safety', 'harmony']);
  });

  it('follows the configuration: other thresholds, other stars', () => {
    const f = figures({ disputes: 40 }); // 40 a year per 1,000 households
    expect(earned(DEFAULT_PARTY_CONFIG, f)).toContain('safety');
    expect(earned(withSafety(30, 1), f)).not.toContain('safety');
    expect(earned(withSafety(30, 1), f, [], VILLAGE)).not.toContain('safety');
    expect(earned(withSafety(45, 1), f, [], VILLAGE)).toContain('safety');
    expect(earned(withSafety(45, 0.2), f)).not.toContain('safety');
  });

  it('refuses recorded stars that are unknown, derived or listed twice, naming the one', () => {
    expect(checkRecordedStars(DEFAULT_PARTY_CONFIG, 'community', ['branch', 'sharing'])).toEqual({ ok: true });
    expect(checkRecordedStars(DEFAULT_PARTY_CONFIG, 'community', ['branch', 'industry'])).toEqual({ ok: false, index: 1, message: expect.stringContaining('unknown star "industry"') });
    expect(checkRecordedStars(DEFAULT_PARTY_CONFIG, 'village', ['industry'])).toEqual({ ok: true });
    expect(checkRecordedStars(DEFAULT_PARTY_CONFIG, 'community', ['safety'])).toEqual({ ok: false, index: 0, message: expect.stringContaining('derived from live figures') });
    expect(checkRecordedStars(DEFAULT_PARTY_CONFIG, 'community', ['branch', 'branch'])).toEqual({ ok: false, index: 1, message: 'branch is listed twice' });
  });
});

describe('party configuration', () => {
  const invalid = (change: (c: Record<string, unknown> & PartyConfig) => void) => {
    const raw = structuredClone(DEFAULT_PARTY_CONFIG) as Record<string, unknown> & PartyConfig;
    change(raw);
    return () => parsePartyConfig(raw);
  };

  it('accepts its defaults through JSON', () => {
    expect(parsePartyConfig(JSON.parse(JSON.stringify(DEFAULT_PARTY_CONFIG)))).toEqual(DEFAULT_PARTY_CONFIG);
  });

  it('names the field of a bad value', () => {
    expect(invalid((c) => (c.organisation.committeeMin = 40))).toThrow('organisation.committeeMin: must be above generalBranchMin');
    expect(invalid((c) => (c.members.shareOfPopulation.urban = 1.5))).toThrow('members.shareOfPopulation.urban: must be between 0 and 1');
    expect(invalid((c) => (c.ratings.disputeCategories = ['XX']))).toThrow('ratings.disputeCategories.0: unknown category XX');
    expect(invalid((c) => (c.ratings.community[0]!.key = 'harmony'))).toThrow('ratings.community.4.key: star key harmony is used twice');
    expect(invalid((c) => (c.centres = [{ name: '某中心', area: '410105004', kind: 'community' }]))).toThrow('centres.0.kind');
    expect(invalid((c) => (c.ratings.village[3] = { key: 'safety', name: '平安法治星', en: 'Safety', source: 'derived', when: [{ metric: 'overdueOpen' }] }))).toThrow('ratings.village.3.when.0.atLeast: needs atLeast or atMost');
    expect(invalid((c) => (c.extra = 1))).toThrow('extra');
  });
});
