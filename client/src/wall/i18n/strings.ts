import type { CaseStatus, Urgency } from '../../../../shared/src/cases/caseModel.js';
import { CATEGORY_BY_CODE } from '../../../../shared/src/cases/categories.js';
import type { Level } from '../../../../shared/src/city/levels.js';

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

/** Every string the wall shows. Chinese is the default; English must be complete (the type enforces it). */
export interface WallStrings {
  lang: Lang;
  /** BCP 47 tag for `<html lang>` and number formatting. */
  locale: string;
  title: string;
  levelCounts: (counts: { district: string; street: string; community: string; grid: string }) => string;
  loadingCity: string;
  cityLoadFailed: (message: string) => string;
  live: string;
  /** The district tour's position, 1-based. */
  tour: (stop: number, stops: number) => string;
  /** `seconds`: since the last message, or null when nothing has arrived yet. */
  stale: (seconds: number | null) => string;
  kpiPanel: (area: string) => string;
  kpi: { total: string; open: string; overdue: string; newLastHour: string };
  caseUnit: string;
  categoryPanel: string;
  categoryName: (code: string) => string;
  feedPanel: string;
  feedColumns: { time: string; category: string; urgency: string; place: string; status: string };
  noCases: string;
  childrenPanel: (childLevel: Level | null) => string;
  childrenColumns: { rank: string; name: string; open: string; overdue: string; newLastHour: string };
  noChildren: string;
  urgency: Record<Urgency, string>;
  status: Record<CaseStatus, string>;
  zoom: (zoom: string) => string;
  detailLoaded: (districts: number, grids: string, loading: number) => string;
  selectionPending: (code: string) => string;
  selectionUnknown: (code: string) => string;
  selectionFound: (name: string, code: string) => string;
  notice: {
    unknownParam: (name: string) => string;
    repeatedParam: (name: string) => string;
    invalidArea: (value: string) => string;
    invalidMode: (value: string, fallback: string) => string;
    invalidRotate: (value: string, min: number, max: number) => string;
    invalidLang: (value: string) => string;
  };
}

const LEVEL_ZH: Record<Level, string> = { city: '市', district: '区县', street: '街道/乡镇', community: '社区/村', grid: '网格', building: '楼栋' };
const LEVEL_EN: Record<Level, string> = { city: 'City', district: 'Districts', street: 'Streets', community: 'Communities', grid: 'Grid cells', building: 'Buildings' };

export const zh: WallStrings = {
  lang: 'zh',
  locale: 'zh-CN',
  title: '郑州市城市运行一屏观全域',
  levelCounts: (c) => `区县 ${c.district} · 街道/乡镇 ${c.street} · 社区/村 ${c.community} · 网格 ${c.grid}`,
  loadingCity: '正在加载城市数据…',
  cityLoadFailed: (m) => `城市数据加载失败：${m}`,
  live: '实时',
  tour: (i, n) => `轮播 ${i}/${n}`,
  stale: (s) => `数据中断${s === null ? '' : ` ${s} 秒`}，正在重连…`,
  kpiPanel: (area) => `${area} · 实时案件`,
  kpi: { total: '累计受理', open: '在办', overdue: '超期未结', newLastHour: '近1小时新增' },
  caseUnit: '件',
  categoryPanel: '案件类别分布',
  categoryName: (code) => CATEGORY_BY_CODE.get(code)?.name ?? code,
  feedPanel: '最新案件',
  feedColumns: { time: '时间', category: '类别', urgency: '紧急程度', place: '街道/网格', status: '状态' },
  noCases: '暂无案件',
  childrenPanel: (level) => `${level ? LEVEL_ZH[level] : '下级区域'}在办排名`,
  childrenColumns: { rank: '排名', name: '区域', open: '在办', overdue: '超期', newLastHour: '近1小时' },
  noChildren: '无下级区域',
  urgency: { simple: '简易', normal: '一般', prominent: '突出', major: '重大' },
  status: {
    reported: '待立案',
    registered: '已立案',
    rejected: '不予立案',
    dispatched: '已派遣',
    accepted: '处置中',
    handled: '待核查',
    verified: '已核查',
    closed: '已结案',
    returned: '回退',
    parked: '挂账',
    rework: '返工',
    escalated: '已上报',
  },
  zoom: (z) => `缩放 ${z}`,
  detailLoaded: (d, g, loading) => `已加载区县 ${d} · 已绘制网格 ${g}${loading > 0 ? ` · 加载中 ${loading}` : ''}`,
  selectionPending: (code) => `正在加载区域 ${code} …`,
  selectionUnknown: (code) => `未找到区域 ${code}`,
  selectionFound: (name, code) => `选中 ${name}（${code}）`,
  notice: {
    unknownParam: (n) => `未知参数 ${n}，已忽略`,
    repeatedParam: (n) => `参数 ${n} 出现多次，使用第一个`,
    invalidArea: (v) => `area=${v} 无效（应为 6、9、12、15 或 18 位区划代码），显示全市`,
    invalidMode: (v, f) => `mode=${v} 无效（fit / fill / physical），使用 ${f}`,
    invalidRotate: (v, min, max) => `rotate=${v} 无效（0 或 ${min}–${max} 秒），不轮播`,
    invalidLang: (v) => `lang=${v} 无效（zh / en），使用中文`,
  },
};

export const en: WallStrings = {
  lang: 'en',
  locale: 'en-US',
  title: 'Zhengzhou City Operations · One Screen, Whole City',
  levelCounts: (c) => `Districts ${c.district} · Streets ${c.street} · Communities ${c.community} · Grid cells ${c.grid}`,
  loadingCity: 'Loading city data…',
  cityLoadFailed: (m) => `City data failed to load: ${m}`,
  live: 'Live',
  tour: (i, n) => `Tour ${i}/${n}`,
  stale: (s) => `Data interrupted${s === null ? '' : ` for ${s} s`}, reconnecting…`,
  kpiPanel: (area) => `${area} · live cases`,
  kpi: { total: 'Received', open: 'Open', overdue: 'Overdue', newLastHour: 'New, last hour' },
  caseUnit: '',
  categoryPanel: 'Cases by category',
  categoryName: (code) => CATEGORY_BY_CODE.get(code)?.nameEn ?? code,
  feedPanel: 'Latest cases',
  feedColumns: { time: 'Time', category: 'Category', urgency: 'Urgency', place: 'Street / grid', status: 'Status' },
  noCases: 'No cases yet',
  childrenPanel: (level) => `${level ? LEVEL_EN[level] : 'Sub-areas'} by open cases`,
  childrenColumns: { rank: '#', name: 'Area', open: 'Open', overdue: 'Overdue', newLastHour: 'Last hour' },
  noChildren: 'No sub-areas',
  urgency: { simple: 'Minor', normal: 'Normal', prominent: 'Serious', major: 'Major' },
  status: {
    reported: 'Reported',
    registered: 'Registered',
    rejected: 'Rejected',
    dispatched: 'Dispatched',
    accepted: 'In progress',
    handled: 'To verify',
    verified: 'Verified',
    closed: 'Closed',
    returned: 'Returned',
    parked: 'Parked',
    rework: 'Rework',
    escalated: 'Escalated',
  },
  zoom: (z) => `Zoom ${z}`,
  detailLoaded: (d, g, loading) => `Districts loaded ${d} · grid cells drawn ${g}${loading > 0 ? ` · loading ${loading}` : ''}`,
  selectionPending: (code) => `Loading area ${code}…`,
  selectionUnknown: (code) => `Area ${code} not found`,
  selectionFound: (name, code) => `Showing ${name} (${code})`,
  notice: {
    unknownParam: (n) => `Unknown parameter ${n} ignored`,
    repeatedParam: (n) => `Parameter ${n} given more than once: the first is used`,
    invalidArea: (v) => `area=${v} is not an area code (6, 9, 12, 15 or 18 digits): showing the whole city`,
    invalidMode: (v, f) => `mode=${v} is not fit, fill or physical: using ${f}`,
    invalidRotate: (v, min, max) => `rotate=${v} is not 0 or ${min}–${max} seconds: no rotation`,
    invalidLang: (v) => `lang=${v} is not zh or en: using Chinese`,
  },
};

export const STRINGS: Record<Lang, WallStrings> = { zh, en };
