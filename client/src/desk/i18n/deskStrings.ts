import { ROLE_NAMES, type Role } from '../../../../shared/src/access/roles.js';
import { CHANNEL_NAMES, type Channel } from '../../../../shared/src/cases/caseModel.js';
import { ACTION_NAMES, type Action } from '../../../../shared/src/cases/lifecycle.js';
import { KPI_LABELS, type KpiName } from '../../../../shared/src/kpi/kpiNames.js';
import { STRINGS, type Lang } from '../../i18n/strings.js';
import type { PeriodPreset, SortKey } from '../state/deskUrl.js';
import type { FigureName } from '../state/deskQuery.js';

/** Every word the desk shows, Chinese by default; English complete (the type enforces it). */
export interface DeskStrings {
  lang: Lang;
  locale: string;
  title: string;
  loading: string;
  signOut: string;
  role: (role: Role) => string;
  searchPlaceholder: string;
  searchNone: string;
  searchAreas: string;
  searchCases: string;
  theme: { light: string; dark: string };
  otherLang: string;
  period: Record<PeriodPreset | 'range', string>;
  rangeTo: string;
  filters: { category: string; subcategory: string; urgency: string; status: string; channel: string; kpi: string; add: string };
  clearAll: string;
  noFilters: string;
  figures: Record<FigureName | 'meanHandlingHours', string>;
  previous: (text: string) => string;
  noPrevious: string;
  kpiName: (k: KpiName) => string;
  charts: { category: string; subcategory: string; urgency: string; png: string };
  ranking: (childLevel: string) => string;
  rankingColumns: { name: string; count: string };
  noChildren: string;
  exportCsv: string;
  exportXlsx: string;
  table: { title: (total: string) => string; columns: Record<SortKey | 'id' | 'category' | 'status', string>; none: string; prev: string; next: string; page: (from: number, to: number, total: number) => string };
  newCases: (n: number) => string;
  showNew: string;
  /** `updating`: the server runs a newer client and the page reloads itself soon (`retry`: again, it did minutes ago). */
  /** `held`: the reload is due but waits until the person has sent or cleared what they are typing. */
  live: { ok: string; lost: string; refused: string; updating: (retry: boolean) => string; held: string };
  panel: {
    close: string;
    details: string;
    place: string;
    reporter: string;
    unmask: string;
    noReporter: string;
    timeline: string;
    clock: string;
    stageClock: string;
    overdue: (t: string) => string;
    left: (t: string) => string;
    noClock: string;
    actions: string;
    noActions: string;
    readOnly: string;
    reason: string;
    note: string;
    noteRequired: string;
    reasonRequired: string;
    oneKey: string;
    conflict: string;
    refused: (message: string) => string;
    done: (action: string) => string;
    version: (v: number) => string;
  };
  action: (a: Action) => string;
  channel: (c: Channel) => string;
  myCases: string;
  /** A grid worker linked to a roster worker: the heading, their own cases' badge, the heading of the grid's other open cases. */
  mine: { title: (worker: string) => string; badge: string; others: string; none: string };
  /** A grid worker's account linked to no roster worker. */
  noWorker: string;
  levelName: (level: string) => string;
}

const LEVEL_ZH: Record<string, string> = { city: '区县', district: '街道/乡镇', street: '社区/村', community: '网格', grid: '网格' };
const LEVEL_EN: Record<string, string> = { city: 'Districts', district: 'Streets', street: 'Communities', community: 'Grid cells', grid: 'Grid cell' };

/** "3 h 05 min" of a duration in ms. */
export function durationText(ms: number, lang: Lang): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const s = Math.floor((Math.abs(ms) % 60_000) / 1000);
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  if (lang === 'zh') return d > 0 ? `${d}天${h}小时${mm}分` : `${h}小时${mm}分${ss}秒`;
  return d > 0 ? `${d} d ${h} h ${mm} min` : `${h} h ${mm} min ${ss} s`;
}

const zhStrings: DeskStrings = {
  lang: 'zh',
  locale: 'zh-CN',
  title: '研判处置工作台',
  loading: '加载中…',
  signOut: '退出登录',
  role: (r) => ROLE_NAMES[r],
  searchPlaceholder: '搜索区域名称/代码、案件编号、地址',
  searchNone: '无匹配结果',
  searchAreas: '区域',
  searchCases: '案件',
  theme: { light: '浅色', dark: '深色' },
  otherLang: 'English',
  period: { today: '今日', yesterday: '昨日', '7d': '近7天', '30d': '近30天', range: '自定义' },
  rangeTo: '至',
  filters: { category: '类别', subcategory: '小类', urgency: '紧急程度', status: '状态', channel: '来源', kpi: '指标', add: '全部' },
  clearAll: '清除全部',
  noFilters: '未设筛选条件',
  figures: {
    received: '受理数',
    registrationRate: '立案率',
    dispatchRate: '派遣率',
    due: '应结案数',
    closureRate: '结案率',
    onTimeRate: '按期结案率',
    reworkRate: '返工率',
    extensionRate: '延期率',
    overdueOpen: '超期未结',
    meanHandlingHours: '平均处置时长',
  },
  previous: (t) => `环比 ${t}`,
  noPrevious: '环比 —',
  kpiName: (k) => KPI_LABELS[k].zh,
  charts: { category: '案件类别分布', subcategory: '小类分布', urgency: '紧急程度分布', png: '导出图片' },
  ranking: (l) => `下级区域排名（${LEVEL_ZH[l] ?? ''}）`,
  rankingColumns: { name: '区域', count: '案件数' },
  noChildren: '无下级区域',
  exportCsv: '导出 CSV',
  exportXlsx: '导出 Excel',
  table: {
    title: (t) => `案件列表（共 ${t} 件）`,
    columns: { time: '上报时间', id: '编号', category: '类别', urgency: '紧急程度', status: '状态', area: '所在区域', deadline: '结案时限' },
    none: '没有符合条件的案件',
    prev: '上一页',
    next: '下一页',
    page: (a, b, t) => `第 ${a}–${b} 件，共 ${t} 件`,
  },
  newCases: (n) => `打开后新增 ${n} 件`,
  showNew: '刷新列表',
  live: { ok: '实时', lost: '连接中断，正在重连…', refused: '本账号无权查看该区域的实时数据', updating: (retry) => (retry ? '系统已更新，稍后再次自动刷新' : '系统已更新，即将自动刷新…'), held: '系统已更新，待完成编辑后自动刷新' },
  panel: {
    close: '关闭',
    details: '案件详情',
    place: '位置',
    reporter: '上报人',
    unmask: '查看联系方式',
    noReporter: '无上报人信息',
    timeline: '处置过程',
    clock: '结案时限',
    stageClock: '本环节时限',
    overdue: (t) => `已超期 ${t}`,
    left: (t) => `剩余 ${t}`,
    noClock: '—',
    actions: '处置操作',
    noActions: '当前状态下本账号无可执行操作',
    readOnly: '本账号只读，不能处置案件',
    reason: '原因（必填）',
    note: '说明',
    noteRequired: '处置情况（必填）',
    reasonRequired: '请填写原因',
    oneKey: '一键派遣（D）',
    conflict: '案件已被他人处理，已显示最新状态；您填写的内容已保留，请确认后重试。',
    refused: (m) => `操作未成功：${m}`,
    done: (a) => `已${a}`,
    version: (v) => `版本 ${v}`,
  },
  action: (a) => ACTION_NAMES[a],
  channel: (c) => CHANNEL_NAMES[c],
  myCases: '我的待办（已派遣、处置中、返工）',
  mine: { title: (w) => `我的案件（${w}）`, badge: '我的', others: '本网格其他待办', none: '暂无派给您的案件' },
  noWorker: '本账号未关联队伍名册中的网格员，无法区分派给您本人的案件：以下为本网格全部待办。请联系管理员关联（workerId）。',
  levelName: (l) => LEVEL_ZH[l] ?? l,
};

const ACTION_EN: Record<Action, string> = {
  register: 'Register',
  reject: 'Reject',
  dispatch: 'Dispatch',
  return: 'Return',
  accept: 'Accept',
  extend: 'Extend',
  park: 'Park',
  resume: 'Resume',
  handle: 'Report handled',
  pass: 'Pass verification',
  fail: 'Fail verification',
  close: 'Close',
  escalate: 'Escalate',
};

const CHANNEL_EN: Record<Channel, string> = { grid_patrol: 'Grid patrol', hotline_12345: '12345 hotline', citizen_app: 'Citizen app', video_iot: 'Video/IoT', department: 'Department' };
const ROLE_EN: Record<Role, string> = { commander: 'Commander', operator: 'Operator', analyst: 'Analyst', grid_worker: 'Grid worker', auditor: 'Auditor', admin: 'Administrator' };

const enStrings: DeskStrings = {
  lang: 'en',
  locale: 'en-GB',
  title: 'Analysis and dispatch desk',
  loading: 'Loading…',
  signOut: 'Sign out',
  role: (r) => ROLE_EN[r],
  searchPlaceholder: 'Search area name/code, case id, address',
  searchNone: 'Nothing found',
  searchAreas: 'Areas',
  searchCases: 'Cases',
  theme: { light: 'Light', dark: 'Dark' },
  otherLang: '中文',
  period: { today: 'Today', yesterday: 'Yesterday', '7d': 'Last 7 days', '30d': 'Last 30 days', range: 'Range' },
  rangeTo: 'to',
  filters: { category: 'Category', subcategory: 'Subcategory', urgency: 'Urgency', status: 'Status', channel: 'Channel', kpi: 'KPI', add: 'All' },
  clearAll: 'Clear all',
  noFilters: 'No filters',
  figures: {
    received: 'Received',
    registrationRate: 'Registration rate',
    dispatchRate: 'Dispatch rate',
    due: 'Due',
    closureRate: 'Closure rate',
    onTimeRate: 'On-time closure',
    reworkRate: 'Rework rate',
    extensionRate: 'Extension rate',
    overdueOpen: 'Overdue open',
    meanHandlingHours: 'Mean handling time',
  },
  previous: (t) => `vs previous ${t}`,
  noPrevious: 'vs previous —',
  kpiName: (k) => KPI_LABELS[k].en,
  charts: { category: 'Cases by category', subcategory: 'Cases by subcategory', urgency: 'Cases by urgency', png: 'Save image' },
  ranking: (l) => `Ranking: ${LEVEL_EN[l] ?? ''}`,
  rankingColumns: { name: 'Area', count: 'Cases' },
  noChildren: 'No areas below',
  exportCsv: 'Export CSV',
  exportXlsx: 'Export Excel',
  table: {
    title: (t) => `Cases (${t})`,
    columns: { time: 'Reported', id: 'Id', category: 'Category', urgency: 'Urgency', status: 'Status', area: 'Area', deadline: 'Deadline' },
    none: 'No cases match',
    prev: 'Previous',
    next: 'Next',
    page: (a, b, t) => `${a}–${b} of ${t}`,
  },
  newCases: (n) => `${n} new since opened`,
  showNew: 'Refresh list',
  live: { ok: 'Live', lost: 'Connection lost, reconnecting…', refused: 'This account may not follow this area live', updating: (retry) => (retry ? 'Updated on the server: reloading again later' : 'Updated on the server: reloading shortly…'), held: 'Updated on the server: reloading once you have sent or cleared what you are typing' },
  panel: {
    close: 'Close',
    details: 'Case details',
    place: 'Place',
    reporter: 'Reporter',
    unmask: 'Show contact',
    noReporter: 'No reporter data',
    timeline: 'Timeline',
    clock: 'Closure deadline',
    stageClock: 'Stage deadline',
    overdue: (t) => `Overdue by ${t}`,
    left: (t) => `${t} left`,
    noClock: '—',
    actions: 'Actions',
    noActions: 'No action open to this account in this state',
    readOnly: 'Read-only account: no case actions',
    reason: 'Reason (required)',
    note: 'Note',
    noteRequired: 'What was done (required)',
    reasonRequired: 'Enter a reason',
    oneKey: 'One-key dispatch (D)',
    conflict: 'Someone else moved this case first: its new state is shown. What you typed is kept; check it and try again.',
    refused: (m) => `Not done: ${m}`,
    done: (a) => `${a}: done`,
    version: (v) => `version ${v}`,
  },
  action: (a) => ACTION_EN[a],
  channel: (c) => CHANNEL_EN[c],
  myCases: 'My work (dispatched, accepted, rework)',
  mine: { title: (w) => `My cases (${w})`, badge: 'mine', others: 'Other open cases of the grid', none: 'No case is assigned to you' },
  noWorker: 'This account is linked to no roster worker, so the cases assigned to you cannot be told apart: all open cases of the grid follow. Ask an administrator to link one (workerId).',
  levelName: (l) => LEVEL_EN[l] ?? l,
};

export const DESK_STRINGS: Record<Lang, DeskStrings> = { zh: zhStrings, en: enStrings };

/** Names the wall already has in both languages: categories, statuses, urgencies. */
export const commonStrings = (lang: Lang) => STRINGS[lang];
