import { CHANNEL_NAMES, STATUS_NAMES, URGENCY_NAMES, type Case } from '../../../shared/src/cases/caseModel.js';
import { CATEGORY_BY_CODE, SUBCATEGORY_BY_CODE } from '../../../shared/src/cases/categories.js';
import type { CityModel } from '../../../shared/src/city/cityModel.js';

/** Header languages of the export: Chinese column names by default, English with `lang=en`. */
export const CSV_LANGS = ['zh', 'en'] as const;
export type CsvLang = (typeof CSV_LANGS)[number];

export type Cell = string | number | null;

/**
 * One cell. Text that a spreadsheet would run as a formula (= + - @, or a tab or carriage return
 * in front, which Excel and WPS skip) gets a leading single quote, OWASP's rule against CSV
 * injection, so `=HYPERLINK(...)` in a description stays text. Numbers are written as numbers.
 * Cells with a comma, quote or line break are quoted.
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every column twice where a code has a name: the name for people, the code for machines (the CSV's and the workbook's). */
export const EXPORT_COLUMNS: { zh: string; en: string; value: (c: Case, name: (code: string) => string) => Cell }[] = [
  { zh: '案件编号', en: 'id', value: (c) => c.id },
  { zh: '上报时间', en: 'reportedAt', value: (c) => c.times.reported },
  { zh: '来源渠道', en: 'channelName', value: (c) => CHANNEL_NAMES[c.channel] },
  { zh: '来源渠道代码', en: 'channel', value: (c) => c.channel },
  { zh: '大类', en: 'categoryName', value: (c) => CATEGORY_BY_CODE.get(c.category)?.name ?? null },
  { zh: '大类代码', en: 'category', value: (c) => c.category },
  { zh: '小类', en: 'subcategoryName', value: (c) => SUBCATEGORY_BY_CODE.get(c.subcategory)?.name ?? null },
  { zh: '小类代码', en: 'subcategory', value: (c) => c.subcategory },
  { zh: '紧急程度', en: 'urgencyName', value: (c) => URGENCY_NAMES[c.urgency] },
  { zh: '紧急程度代码', en: 'urgency', value: (c) => c.urgency },
  { zh: '状态', en: 'statusName', value: (c) => STATUS_NAMES[c.status] },
  { zh: '状态代码', en: 'status', value: (c) => c.status },
  { zh: '区县', en: 'districtName', value: (c, name) => name(c.area.district) },
  { zh: '区县代码', en: 'district', value: (c) => c.area.district },
  { zh: '街道', en: 'streetName', value: (c, name) => name(c.area.street) },
  { zh: '街道代码', en: 'street', value: (c) => c.area.street },
  { zh: '社区', en: 'communityName', value: (c, name) => name(c.area.community) },
  { zh: '社区代码', en: 'community', value: (c) => c.area.community },
  { zh: '网格', en: 'gridName', value: (c, name) => name(c.area.grid) },
  { zh: '网格代码', en: 'grid', value: (c) => c.area.grid },
  { zh: '经度', en: 'lon', value: (c) => c.lon },
  { zh: '纬度', en: 'lat', value: (c) => c.lat },
  { zh: '地址', en: 'address', value: (c) => c.address },
  { zh: '问题描述', en: 'description', value: (c) => c.description },
  { zh: '结案时限', en: 'deadline', value: (c) => c.deadline },
  { zh: '结案时间', en: 'closedAt', value: (c) => c.times.closed },
  { zh: '处置人/单位', en: 'assignee', value: (c) => c.assignee },
  // 党建引领: the case's party flags, 是/否 as the reports write them.
  { zh: '党员上报', en: 'reporterIsPartyMember', value: (c) => (c.reporterIsPartyMember ? '是' : '否') },
  { zh: '党员处置', en: 'handlerIsPartyMember', value: (c) => (c.handlerIsPartyMember ? '是' : '否') },
];

/** The export's lines: a header in `lang`, then one row per case (never the reporter's data). */
export function caseCsv(model: CityModel, lang: CsvLang): { header: string; row: (c: Case) => string } {
  const name = (code: string) => model.node(code)?.name ?? '';
  return {
    header: EXPORT_COLUMNS.map((column) => csvCell(column[lang])).join(','),
    row: (c) => EXPORT_COLUMNS.map((column) => csvCell(column.value(c, name))).join(','),
  };
}
