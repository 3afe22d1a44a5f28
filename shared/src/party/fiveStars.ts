import type { AreaNode } from '../city/model.js';
import type { PartyConfig, StarDefinition, StarMetric } from './partyConfig.js';

/**
 * 五星支部: a community's stars for the year. Recorded stars come from an administrator's record;
 * a derived star is earned when every condition of its definition holds on the community's
 * figures (a figure without data, null, fails its condition). Pure: same figures, same stars.
 */

/** Villages (村) and urban communities (社区) are rated on different star sets. */
export type StarSet = 'community' | 'village';

export function starSetOf(node: Pick<AreaNode, 'name' | 'fullName'>): StarSet {
  return node.name.endsWith('村') || (node.fullName ?? '').includes('村民委员会') ? 'village' : 'community';
}

/** What the product knows of a community over the rating year. */
export interface CommunityFigures {
  households: number;
  /** Cases due in the year (deadline in it), closed, and closed on time. */
  due: number;
  closed: number;
  closedOnTime: number;
  /** Open past deadline now. */
  overdueOpen: number;
  /** Cases of the dispute categories received in the year. */
  disputes: number;
  /** Days of the year so far (for annualising). */
  days: number;
}

export function starMetrics(f: CommunityFigures, minDue: number): Record<StarMetric, number | null> {
  const judged = f.due > 0 && f.due >= minDue;
  const perThousand = (n: number) => (f.households > 0 ? (n / f.households) * 1000 : null);
  const disputes = perThousand(f.disputes);
  return {
    onTimeRate: judged ? f.closedOnTime / f.due : null,
    closureRate: judged ? f.closed / f.due : null,
    overdueOpen: f.overdueOpen,
    overduePer1000Households: perThousand(f.overdueOpen),
    disputesPer1000Households: disputes === null ? null : (disputes * 365) / Math.max(1, f.days),
  };
}

export interface StarResult {
  key: string;
  name: string;
  source: StarDefinition['source'];
  earned: boolean;
  /** A derived star: the figures its conditions tested (null: no data). */
  figures?: Partial<Record<StarMetric, number | null>>;
}

export function rateStars(stars: readonly StarDefinition[], metrics: Record<StarMetric, number | null>, recorded: ReadonlySet<string>): StarResult[] {
  return stars.map((star): StarResult => {
    if (star.source === 'recorded') return { key: star.key, name: star.name, source: star.source, earned: recorded.has(star.key) };
    const figures: Partial<Record<StarMetric, number | null>> = {};
    let earned = true;
    for (const c of star.when) {
      const v = metrics[c.metric];
      figures[c.metric] = v === null ? null : Math.round(v * 1e4) / 1e4;
      if (v === null || (c.atLeast !== undefined && v < c.atLeast) || (c.atMost !== undefined && v > c.atMost)) earned = false;
    }
    return { key: star.key, name: star.name, source: star.source, earned, figures };
  });
}

/** Rates one community: its set's stars on its figures and its recorded stars. */
export function rateCommunity(config: PartyConfig, node: Pick<AreaNode, 'name' | 'fullName'>, figures: CommunityFigures, recorded: ReadonlySet<string>): { set: StarSet; stars: StarResult[]; earned: number } {
  const set = starSetOf(node);
  const stars = rateStars(config.ratings[set], starMetrics(figures, config.ratings.minDue), recorded);
  return { set, stars, earned: stars.filter((s) => s.earned).length };
}

/** The most stars any community can earn under the configuration. */
export function maxStars(config: PartyConfig): number {
  return Math.max(config.ratings.community.length, config.ratings.village.length);
}

/**
 * Checks the stars an administrator records for a community of `set`: known, recordable (not
 * derived), each once. Answers the index of the first bad one and why.
 */
export function checkRecordedStars(config: PartyConfig, set: StarSet, keys: readonly string[]): { ok: true } | { ok: false; index: number; message: string } {
  const stars = config.ratings[set];
  const recordable = stars.filter((s) => s.source === 'recorded').map((s) => s.key);
  const seen = new Set<string>();
  for (const [index, key] of keys.entries()) {
    const star = stars.find((s) => s.key === key);
    if (!star) return { ok: false, index, message: `unknown star "${key.slice(0, 40)}": a ${set === 'village' ? 'village (村)' : 'community (社区)'} records ${recordable.join(', ')}` };
    if (star.source === 'derived') return { ok: false, index, message: `${key} (${star.name}) is derived from live figures and cannot be recorded` };
    if (seen.has(key)) return { ok: false, index, message: `${key} is listed twice` };
    seen.add(key);
  }
  return { ok: true };
}
