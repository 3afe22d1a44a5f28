import { Router } from 'express';
import { z } from 'zod';
import { KpiQuery, queryTime } from '../../../shared/src/api/cases.js';
import { BreakdownQuery } from '../../../shared/src/api/desk.js';
import type { AssessmentConfig } from '../../../shared/src/kpi/assessment.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import type { Clock } from '../cases/caseIngest.js';
import { principalOf, requireCapability } from '../auth/authMiddleware.js';
import { scopedArea } from '../auth/scope.js';
import { HttpError, parseOr400 } from '../http/errors.js';
import { formatShanghai } from '../store/caseRow.js';
import { InFlightLimit } from './inFlightLimit.js';
import { kpiPeriod, type KpiService } from './kpiService.js';
import type { CaseStore } from '../store/caseStore.js';
import { DeskKpis } from '../desk/deskKpis.js';
import { deskFilter } from '../desk/deskFilter.js';

const TrendQuery = z.strictObject({ area: z.string().optional() });
/** ?area=&from=&to=: the period defaults to today so far (Beijing time). */
const AssessmentQuery = z.strictObject({
  area: z.string().optional(),
  from: queryTime('from').optional(),
  to: queryTime('to').optional(),
  level: z.enum(['district', 'street'], { error: 'level must be district or street' }).default('district'),
});

/** KPI, trend and assessment requests one account may have running at once. */
export const HEAVY_READS_PER_ACCOUNT = 4;

export function kpiRoutes(deps: { model: CityModel; kpis: KpiService; store: CaseStore; clock: Clock; assessment: AssessmentConfig }): Router {
  const router = Router();
  const desk = new DeskKpis({ model: deps.model, store: deps.store, kpis: deps.kpis, format: formatShanghai });
  // Each runs grouped counts over a period's cases (seconds for a large city-wide day, on a read
  // thread): one budget for all three per account.
  const heavy = new InFlightLimit(HEAVY_READS_PER_ACCOUNT, 'GET /api/kpis, /api/kpis/breakdown, /api/trend and /api/assessment');

  // The desk's filter state (shared/src/api/cases.ts): the KPIs for a period and the one before it.
  router.get('/kpis', requireCapability('read'), heavy.guard(async (req, res) => {
    const { code, area, filters, period } = deskFilter(deps.model, principalOf(req), parseOr400(KpiQuery, req.query), deps.clock.now());
    res.json(await desk.report(code, area, filters, period));
  }));

  /** Chart counts of a KPI's cases under the same filter state: their sum is the KPI figure. */
  router.get('/kpis/breakdown', requireCapability('read'), heavy.guard(async (req, res) => {
    const q = parseOr400(BreakdownQuery, req.query);
    const { code, area, filters, period } = deskFilter(deps.model, principalOf(req), q, deps.clock.now());
    res.json(await desk.breakdown(code, area, filters, period, q.by, q.kpi));
  }));

  /** The 24-hour trend the wall draws (received and closed per clock hour), for any area in scope. */
  router.get('/trend', requireCapability('read'), heavy.guard(async (req, res) => {
    const q = parseOr400(TrendQuery, req.query);
    const { code } = scopedArea(deps.model, principalOf(req), q.area);
    res.json(await deps.kpis.trend(code, deps.clock.now()));
  }));

  router.get('/assessment', requireCapability('read'), heavy.guard(async (req, res) => {
    const q = parseOr400(AssessmentQuery, req.query);
    const { code: parent, area } = scopedArea(deps.model, principalOf(req), q.area);
    if (area && !(q.level === 'street' && area.level === 'district')) {
      throw new HttpError(400, `area: districts are ranked city-wide and streets within the city or one district; got ${area.level} ${area.code} for level ${q.level}`, 'area');
    }
    const { period, ...result } = await deps.kpis.assessment(parent, q.level, kpiPeriod(q, deps.clock.now()), deps.assessment);
    res.json({ level: q.level, area: parent, period: { from: formatShanghai(period.from), to: formatShanghai(period.to) }, weights: deps.assessment.criteria, minSample: deps.assessment.minSample, ...result });
  }));

  return router;
}
