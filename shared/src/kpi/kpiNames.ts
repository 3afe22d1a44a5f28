/**
 * The case sets behind the KPI figures: GET /api/cases?kpi=<name>&area=&from=&to= lists them, so
 * every number on a screen leads to its cases. "Received" sets count by report time in the
 * period, "due" sets by deadline in the period (应结案数), overdueOpen by deadline before now.
 */
export const KPI_NAMES = [
  'received', // 受理数
  'registered', // 立案 (numerator of 立案率)
  'notRegistered',
  'dispatched', // 派遣 (numerator of 派遣率)
  'due', // 应结案数
  'closed', // 结案 among due (结案率)
  'closedOnTime', // 按期结案 among due (按期结案率)
  'notClosedOnTime',
  'reworked', // 返工 among due (返工率)
  'extended', // 延期 among due (延期率)
  'overdueOpen', // 超期未结
] as const;
export type KpiName = (typeof KPI_NAMES)[number];

export const KPI_LABELS: Record<KpiName, { zh: string; en: string }> = {
  received: { zh: '受理数', en: 'Received' },
  registered: { zh: '立案数', en: 'Registered' },
  notRegistered: { zh: '未立案', en: 'Not registered' },
  dispatched: { zh: '派遣数', en: 'Dispatched' },
  due: { zh: '应结案数', en: 'Due' },
  closed: { zh: '结案数', en: 'Closed' },
  closedOnTime: { zh: '按期结案数', en: 'Closed on time' },
  notClosedOnTime: { zh: '未按期结案', en: 'Not closed on time' },
  reworked: { zh: '返工数', en: 'Reworked' },
  extended: { zh: '延期数', en: 'Extended' },
  overdueOpen: { zh: '超期未结', en: 'Overdue open' },
};
