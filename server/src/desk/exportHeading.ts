import type { CaseListQuery } from '../../../shared/src/api/cases.js';
import { CHANNEL_NAMES, STATUS_NAMES, URGENCY_NAMES } from '../../../shared/src/cases/caseModel.js';
import { CATEGORY_BY_CODE, SUBCATEGORY_BY_CODE } from '../../../shared/src/cases/categories.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';
import { KPI_LABELS } from '../../../shared/src/kpi/kpiNames.js';
import { formatShanghai } from '../store/caseRow.js';
import type { CaseQuery } from '../store/caseStore.js';

const SORT_NAMES = { reportedAt: ['上报时间', 'reported'], urgency: ['紧急程度', 'urgency'], deadline: ['结案时限', 'deadline'], area: ['区域', 'area'] } as const;
/** 2026-12-07T12:00:00.000+08:00 → 2026-12-07 12:00 */
const minute = (ms: number) => formatShanghai(ms).slice(0, 16).replace('T', ' ');

/**
 * The workbook's first row: what was exported (area, period, filters, sort), how many rows, by
 * whom and when, so a sheet passed on still says what it holds.
 */
export function exportHeading(model: CityModel, q: CaseListQuery, query: CaseQuery, at: { now: number; rows: number; lang: 'zh' | 'en'; by: string }): string {
  const zh = at.lang === 'zh';
  const areaCode = query.area?.code ?? model.cityCode;
  const area = `${model.node(areaCode)?.name ?? areaCode}（${areaCode}）`;
  const span = query.kpi?.period ?? (query.from !== undefined || query.to !== undefined ? { from: query.from, to: query.to } : undefined);
  const period = span
    ? `${span.from === undefined ? '…' : minute(span.from)} ${zh ? '至' : 'to'} ${span.to === undefined ? '…' : minute(span.to)}`
    : zh
      ? '全部'
      : 'all';
  const filters: string[] = [];
  const list = (label: string, labelEn: string, codes: readonly string[] | undefined, name: (c: string) => string) => {
    if (codes?.length) filters.push(`${zh ? label : labelEn} ${codes.map((c) => (zh ? name(c) : c)).join(zh ? '、' : ', ')}`);
  };
  list('状态', 'status', q.status, (c) => STATUS_NAMES[c as keyof typeof STATUS_NAMES]);
  list('大类', 'category', q.category, (c) => CATEGORY_BY_CODE.get(c)?.name ?? c);
  list('小类', 'subcategory', q.subcategory, (c) => SUBCATEGORY_BY_CODE.get(c)?.name ?? c);
  list('紧急程度', 'urgency', q.urgency, (c) => URGENCY_NAMES[c as keyof typeof URGENCY_NAMES]);
  list('来源渠道', 'channel', q.channel, (c) => CHANNEL_NAMES[c as keyof typeof CHANNEL_NAMES]);
  if (q.party) filters.push(zh ? (q.party === 'reported' ? '党员上报' : '党员处置') : `party ${q.party}`);
  if (q.kpi) filters.push(zh ? `指标 ${KPI_LABELS[q.kpi].zh}` : `kpi ${q.kpi}`);
  const [sortZh, sortEn] = SORT_NAMES[q.sort];
  const sort = zh ? `${sortZh}${q.order === 'asc' ? '升序' : '降序'}` : `${sortEn} ${q.order}`;
  const parts = zh
    ? ['案件清单', `区域：${area}`, `时段：${period}`, `筛选：${filters.join('；') || '无'}`, `排序：${sort}`, `共 ${at.rows} 条`, `导出：${at.by} ${minute(at.now)}`]
    : ['Cases', `area: ${area}`, `period: ${period}`, `filters: ${filters.join('; ') || 'none'}`, `sort: ${sort}`, `${at.rows} rows`, `exported by ${at.by} at ${minute(at.now)}`];
  return parts.join(zh ? '｜' : ' | ');
}
