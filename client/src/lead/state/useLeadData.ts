import { useEffect, useState } from 'react';
import type { Principal } from '../../../../shared/src/access/principal.js';
import type { Case } from '../../../../shared/src/cases/caseModel.js';
import type { KpiReport } from '../../../../shared/src/kpi/kpiReport.js';
import { useThrottled } from '../../hooks/useThrottled.js';
import { fetchCaseList, fetchCityCode, fetchKpis, fetchMe, LeadApiError } from '../api/leadApi.js';
import { yesterdayPeriod } from './kpiCompare.js';

export type Session = { status: 'loading' } | { status: 'offline' } | { status: 'signedOut' } | { status: 'ready'; me: Principal; cityCode: string };

/** Who is signed in and the city's code; offline when the server cannot be reached (tries again every 10 s). */
export function useSession(): Session {
  const [session, setSession] = useState<Session>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    Promise.all([fetchMe(abort.signal), fetchCityCode(abort.signal)]).then(
      ([me, cityCode]) => setSession({ status: 'ready', me, cityCode }),
      (err: unknown) => {
        if (abort.signal.aborted) return;
        if (err instanceof LeadApiError && err.status === 401) setSession({ status: 'signedOut' });
        else setSession({ status: 'offline' });
      },
    );
    return () => abort.abort();
  }, [attempt]);
  useEffect(() => {
    if (session.status !== 'offline') return;
    const retry = () => setAttempt((a) => a + 1);
    const timer = window.setTimeout(retry, 10_000);
    window.addEventListener('online', retry);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('online', retry);
    };
  }, [session.status]);
  return session;
}

/** Yesterday's KPIs of the area (the whole Beijing day), fetched once per area and day. */
export function useYesterdayKpis(area: string | null, now: number): KpiReport | null {
  const day = yesterdayPeriod(now);
  const [report, setReport] = useState<{ key: string; report: KpiReport } | null>(null);
  const key = `${area}|${day.day}`;
  useEffect(() => {
    if (!area) return;
    const abort = new AbortController();
    const { from, to } = yesterdayPeriod(Date.now());
    fetchKpis(area, from, to, abort.signal).then(
      (r) => setReport({ key: `${area}|${from.slice(0, 10)}`, report: r }),
      (err: unknown) => {
        if (!abort.signal.aborted) console.warn('yesterday’s KPIs unavailable:', err);
      },
    );
    return () => abort.abort();
  }, [area, key]);
  return report?.key === key ? report.report : null;
}

const OPEN = 'reported,registered,dispatched,accepted,handled,verified,returned,parked,rework,escalated';
/** Rows in each list: a leader reads the first screenful; the total says how many more. */
export const LIST_LIMIT = 20;

export interface LeaderCases {
  overdue: Case[] | null;
  overdueTotal: number;
  major: Case[] | null;
  majorTotal: number;
}

/**
 * The area's overdue and major open cases (GET /api/cases), fetched again when `version` changes
 * (the live figures moved: a case opened, closed, was urged or crossed its deadline; a reconnect),
 * at most every 5 s.
 */
export function useLeaderCases(area: string | null, version: string): LeaderCases {
  const [state, setState] = useState<LeaderCases & { area: string | null }>({ area: null, overdue: null, overdueTotal: 0, major: null, majorTotal: 0 });
  const shown = useThrottled(version, 5_000);
  useEffect(() => {
    if (!area) return;
    const abort = new AbortController();
    Promise.all([
      fetchCaseList({ area, kpi: 'overdueOpen', limit: String(LIST_LIMIT) }, abort.signal),
      fetchCaseList({ area, urgency: 'major', status: OPEN, limit: String(LIST_LIMIT) }, abort.signal),
    ]).then(
      ([overdue, major]) => setState({ area, overdue: overdue.items, overdueTotal: overdue.total, major: major.items, majorTotal: major.total }),
      (err: unknown) => {
        if (!abort.signal.aborted) console.warn('case lists unavailable:', err);
      },
    );
    return () => abort.abort();
  }, [area, shown]);
  return state.area === area ? state : { overdue: null, overdueTotal: 0, major: null, majorTotal: 0 };
}
