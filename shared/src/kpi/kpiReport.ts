import type { KpiCounts, KpiFigures } from './kpiFormulas.js';
import type { KpiName } from './kpiNames.js';

/** KPIs of one area for one period: GET /api/kpis, and the live stream's "today so far". */
export interface KpiReport {
  area: string;
  /** ISO 8601, +08:00; [from, to) */
  period: { from: string; to: string };
  counts: KpiCounts;
  figures: KpiFigures;
  /** Staffing KPIs now (配备率, 在岗率, open cases per worker) and patrol reports in the period. */
  staffing: StaffingKpis | null;
  /** GET /api/cases query (path and query string) listing the cases behind each figure */
  cases: Record<KpiName, string>;
}

export interface StaffingKpis {
  grids: number;
  /** grids with an assigned full-time grid worker */
  gridsWithWorker: number;
  /** 配备率: gridsWithWorker / grids */
  staffingRate: number | null;
  workers: number;
  onDuty: number;
  /** 在岗率: on duty now / all workers of the area (shifts included, so never near 100%) */
  onDutyRate: number | null;
  /** open cases held by workers, per worker on duty now */
  openCasesPerOnDutyWorker: number | null;
  /** 巡查上报 per full-time grid worker per day of the period */
  reportsPerWorkerPerDay: number | null;
  /** 核查及时率: verifications within the verify deadline / verifications, among the received */
  verificationOnTimeRate: number | null;
}
