/**
 * The KPIs Zhengzhou publishes per district every week, as formulas over counts for one area and
 * period. Rates are fractions (0..1) or null when the denominator is zero ("no cases due" is not
 * "0% closed"); `percent` formats them the way the reports do (two decimals).
 */
export interface KpiCounts {
  /** 受理数: cases received in the period */
  received: number;
  /** registered (立案) among them */
  registered: number;
  /** dispatched (派遣) among the registered */
  dispatched: number;
  /** 应结案数: cases whose deadline fell in the period */
  due: number;
  /** closed among the due */
  closed: number;
  /** closed by their deadline among the due */
  closedOnTime: number;
  /** reworked (返工) among the due */
  reworked: number;
  /** extended (延期) among the due */
  extended: number;
  /** 缓办: deferred among the due (subtracted from the denominator where local rules say so) */
  deferred: number;
  /** 超期未结: open past their deadline now */
  overdueOpen: number;
  /** sum of handling time (dispatch to handled) of the closed, ms */
  handlingMsTotal: number;
  /** how many cases handlingMsTotal sums (default: closed) */
  handlingCount?: number;
}

export interface KpiFigures {
  received: number;
  registrationRate: number | null;
  dispatchRate: number | null;
  due: number;
  closureRate: number | null;
  onTimeRate: number | null;
  reworkRate: number | null;
  extensionRate: number | null;
  overdueOpen: number;
  meanHandlingHours: number | null;
}

export interface KpiRules {
  /** Subtract deferred cases from the "due" denominator (some cities do). */
  excludeDeferred: boolean;
}

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

export function computeKpis(c: KpiCounts, rules: KpiRules = { excludeDeferred: false }): KpiFigures {
  const due = rules.excludeDeferred ? Math.max(0, c.due - c.deferred) : c.due;
  return {
    received: c.received,
    registrationRate: ratio(c.registered, c.received),
    dispatchRate: ratio(c.dispatched, c.registered),
    due,
    closureRate: ratio(c.closed, due),
    onTimeRate: ratio(c.closedOnTime, due),
    reworkRate: ratio(c.reworked, due),
    extensionRate: ratio(c.extended, due),
    overdueOpen: c.overdueOpen,
    meanHandlingHours: (c.handlingCount ?? c.closed) > 0 ? c.handlingMsTotal / (c.handlingCount ?? c.closed) / 3_600_000 : null,
  };
}

/** 0.993368 → "99.34%"; null → "—". */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 10_000) / 100).toFixed(2)}%`;
}
