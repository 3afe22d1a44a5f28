import { STATUS_NAMES, URGENCY_NAMES, type CaseStatus, type Urgency } from '../../../shared/src/cases/caseModel.js';
import { CATEGORY_BY_CODE } from '../../../shared/src/cases/categories.js';
import type { Level } from '../../../shared/src/city/levels.js';
import type { LiveErrorCode } from '../../../shared/src/live/events.js';
import { WORKER_KIND_NAMES, type WorkerKind } from '../../../shared/src/staff/roster.js';
import type { CellMetric } from '../map/layers/liveLayerIds.js';
import type { PartyFigureKey } from '../figures/partyFigures.js';

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
  /** /api/areas answered 401: the wall has no device session. */
  unauthorized: string;
  /** The server refused to stream the area: shown instead of the freshness line, it will not recover by itself. */
  refused: (code: LiveErrorCode, area: string) => string;
  live: string;
  /**
   * The server runs a newer client (a deploy): the page reloads itself in `seconds`; `retry`: it
   * reloaded for it minutes ago and still runs the old one, so it tries again then.
   */
  updating: (seconds: number, retry: boolean) => string;
  /** The district tour's position, 1-based. */
  tour: (stop: number, stops: number) => string;
  /** `seconds`: since the last message, or null when nothing has arrived yet. */
  stale: (seconds: number | null) => string;
  kpiPanel: (area: string) => string;
  /** The KPI panel's title for an area the server refused: outside the account, or no such area. */
  kpiPanelRefused: (code: 'forbidden' | 'not_found', area: string) => string;
  kpi: { total: string; open: string; overdue: string; newLastHour: string };
  caseUnit: string;
  personUnit: string;
  /** Today's KPIs so far (KpiReport of the live stream). */
  today: { received: string; registrationRate: string; closureRate: string; onTimeRate: string; overdueOpen: string; onDuty: string };
  alertsPanel: string;
  noAlerts: string;
  /** An alert row's kind, e.g. 超期. */
  alertOverdue: string;
  /** The takeover card's heading. */
  takeover: { major: string; overdue: string; steered: string; reported: (time: string) => string; deadline: (time: string) => string };
  /** Who steers the wall from a tablet (大屏遥控), and a steered tour held on its stop. */
  steeredBy: (name: string) => string;
  tourHeld: string;
  categoryPanel: string;
  categoryName: (code: string) => string;
  trendPanel: string;
  /** The trend's two lines, and their totals over the 24 hours in the panel's legend. */
  trend: { received: string; closed: string; total: (n: string) => string };
  feedPanel: string;
  feedColumns: { time: string; category: string; urgency: string; place: string; status: string };
  noCases: string;
  /** 督办: the mark on a feed row of a case a commander urged. */
  supervisedMark: string;
  childrenPanel: (childLevel: Level | null) => string;
  childrenColumns: { rank: string; name: string; score: string; open: string; overdue: string };
  noChildren: string;
  /** The ranking board's line above the units with too few cases today to be judged (assessment minSample). */
  rankTooFew: string;
  /** A unit's cases today, in place of its score below that line. */
  rankSample: (n: string) => string;
  /** A grid cell's board: its people, not a ranking (its children, buildings, hold no cases). */
  gridStaffPanel: string;
  gridStaffColumns: { name: string; kind: string; duty: string; open: string };
  /** 党建引领: the panel's title and its figures' labels (figures/partyFigures.ts). */
  partyPanel: string;
  partyFigure: Record<PartyFigureKey, string>;
  workerKind: Record<WorkerKind, string>;
  onDuty: string;
  offDuty: string;
  noStaff: string;
  urgency: Record<Urgency, string>;
  status: Record<CaseStatus, string>;
  zoom: (zoom: string) => string;
  detailLoaded: (districts: number, grids: string, loading: number) => string;
  selectionPending: (code: string) => string;
  selectionFound: (name: string, code: string) => string;
  /** A district's detail geometry did not load (the cause goes to the console). */
  detailFailed: (district: string) => string;
  /** The basemap style on the user's network (BASEMAP_STYLE_URL) did not load: the offline one is shown. */
  basemapFailed: string;
  /** Title of the map legend: what the grid cells' colours count. */
  cellMetric: Record<CellMetric, string>;
  notice: {
    unknownParam: (name: string) => string;
    repeatedParam: (name: string) => string;
    invalidArea: (value: string) => string;
    invalidMode: (value: string, fallback: string) => string;
    invalidRotate: (value: string, min: number, max: number) => string;
    invalidLang: (value: string) => string;
    invalidAlarm: (value: string, min: number, max: number, fallback: number) => string;
    invalidMetric: (value: string, known: string, fallback: string) => string;
    invalidLayers: (value: string, known: string) => string;
    invalidDebug: (value: string) => string;
    invalidPoints: (value: string, min: number, max: number, fallback: number) => string;
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
  unauthorized: '大屏未登录：请用大屏设备链接打开（/wall?device=…）',
  refused: (code, area) => {
    switch (code) {
      case 'not_found':
        return `区域不存在（${area}）`;
      case 'forbidden':
        return `本账号无权查看区域 ${area}`;
      case 'bad_request':
        return `区域代码无效（${area}）`;
      case 'version':
        return '大屏版本过旧，请刷新页面';
      case 'unauthorized':
        return '大屏未登录或登录已失效：请用大屏设备链接重新打开';
    }
  },
  live: '实时',
  updating: (s, retry) => (retry ? `版本仍未更新，${Math.ceil(s / 60)} 分钟后再次刷新` : `系统已更新，${s} 秒后自动刷新`),
  tour: (i, n) => `轮播 ${i}/${n}`,
  stale: (s) => `数据中断${s === null ? '' : ` ${s} 秒`}，正在重连…`,
  kpiPanel: (area) => `${area} · 今日运行指标`,
  kpiPanelRefused: (code, area) => (code === 'forbidden' ? `区域 ${area} · 本账号无权查看` : `区域 ${area} · 不存在`),
  kpi: { total: '累计受理', open: '在办', overdue: '超期未结', newLastHour: '近1小时新增' },
  caseUnit: '件',
  personUnit: '人',
  today: { received: '今日受理', registrationRate: '立案率', closureRate: '结案率', onTimeRate: '按期结案率', overdueOpen: '超期未结', onDuty: '在岗网格员' },
  alertsPanel: '超期告警',
  noAlerts: '暂无告警',
  alertOverdue: '超期',
  takeover: { major: '重大案件', overdue: '案件超期', steered: '指挥调阅', reported: (t) => `${t} 上报`, deadline: (t) => `${t} 到期未结` },
  steeredBy: (name) => `遥控中：${name}`,
  tourHeld: '暂停',
  categoryPanel: '案件类别分布（累计）',
  trendPanel: '近24小时案件趋势',
  trend: { received: '受理', closed: '结案', total: (n) => `${n}件` },
  categoryName: (code) => CATEGORY_BY_CODE.get(code)?.name ?? code,
  feedPanel: '最新案件',
  feedColumns: { time: '时间', category: '类别', urgency: '紧急程度', place: '街道/网格', status: '状态' },
  noCases: '暂无案件',
  supervisedMark: '督办',
  childrenPanel: (level) => `${level ? LEVEL_ZH[level] : '下级区域'}综合评价排名（今日）`,
  childrenColumns: { rank: '排名', name: '区域', score: '综合得分', open: '在办', overdue: '超期' },
  noChildren: '无下级区域',
  rankTooFew: '今日受理过少，不参与排名（件数）',
  rankSample: (n) => `${n}件`,
  gridStaffPanel: '本网格人员',
  gridStaffColumns: { name: '姓名', kind: '岗位', duty: '状态', open: '在办' },
  partyPanel: '党建引领',
  partyFigure: { coverage: '组织覆盖', members: '党员', cadresOnDuty: '干部在岗', fiveStar: '五星支部' },
  workerKind: WORKER_KIND_NAMES,
  onDuty: '在岗',
  offDuty: '不在岗',
  noStaff: '本网格暂无人员',
  urgency: URGENCY_NAMES,
  status: STATUS_NAMES,
  zoom: (z) => `缩放 ${z}`,
  detailLoaded: (d, g, loading) => `已加载区县 ${d} · 已绘制网格 ${g}${loading > 0 ? ` · 加载中 ${loading}` : ''}`,
  selectionPending: (code) => `正在加载区域 ${code} …`,
  selectionFound: (name, code) => `选中 ${name}（${code}）`,
  detailFailed: (d) => `区县 ${d} 的网格数据加载失败`,
  basemapFailed: '底图加载失败，已改用离线底图',
  cellMetric: { open: '网格在办案件', overdue: '网格超期案件', new: '网格近 1 小时新增', per10k: '网格在办案件（件/万户）' },
  notice: {
    unknownParam: (n) => `未知参数 ${n}，已忽略`,
    repeatedParam: (n) => `参数 ${n} 出现多次，使用第一个`,
    invalidArea: (v) => `area=${v} 无效（应为 6、9、12、15 或 18 位区划代码），显示全市`,
    invalidMode: (v, f) => `mode=${v} 无效（fit / fill / physical），使用 ${f}`,
    invalidRotate: (v, min, max) => `rotate=${v} 无效（0 或 ${min}–${max} 秒），不轮播`,
    invalidLang: (v) => `lang=${v} 无效（zh / en），使用中文`,
    invalidAlarm: (v, min, max, f) => `alarm=${v} 无效（0 或 ${min}–${max} 秒），使用 ${f} 秒`,
    invalidMetric: (v, k, f) => `metric=${v} 无效（${k}），使用 ${f}`,
    invalidLayers: (v, k) => `layers=${v} 无效（由 ${k} 组成的逗号列表），使用默认图层`,
    invalidDebug: (v) => `debug=${v} 无效（1 / 0），已关闭`,
    invalidPoints: (v, min, max, f) => `points=${v} 无效（${min}–${max}），最多上图 ${f} 个案件`,
  },
};

export const en: WallStrings = {
  lang: 'en',
  locale: 'en-US',
  title: 'Zhengzhou City Operations · One Screen, Whole City',
  levelCounts: (c) => `Districts ${c.district} · Streets ${c.street} · Communities ${c.community} · Grid cells ${c.grid}`,
  loadingCity: 'Loading city data…',
  cityLoadFailed: (m) => `City data failed to load: ${m}`,
  unauthorized: 'This wall is not signed in: open it with its display-device link (/wall?device=…)',
  refused: (code, area) => {
    switch (code) {
      case 'not_found':
        return `Area ${area} does not exist`;
      case 'forbidden':
        return `This account may not view area ${area}`;
      case 'bad_request':
        return `Area code ${area} is not valid`;
      case 'version':
        return 'This wall is out of date: reload the page';
      case 'unauthorized':
        return 'This wall is not signed in (or its sign-in ended): open its display-device link again';
    }
  },
  live: 'Live',
  updating: (s, retry) => (retry ? `Still out of date: reloading again in ${Math.ceil(s / 60)} min` : `Updated on the server: reloading in ${s} s`),
  tour: (i, n) => `Tour ${i}/${n}`,
  stale: (s) => `Data interrupted${s === null ? '' : ` for ${s} s`}, reconnecting…`,
  kpiPanel: (area) => `Today · ${area}`,
  kpiPanelRefused: (code, area) => (code === 'forbidden' ? `Area ${area} · not available to this account` : `Area ${area} · does not exist`),
  kpi: { total: 'Received, all time', open: 'Open', overdue: 'Overdue', newLastHour: 'New, last hour' },
  caseUnit: '',
  personUnit: '',
  today: { received: 'Received today', registrationRate: 'Registered', closureRate: 'Closed', onTimeRate: 'Closed on time', overdueOpen: 'Overdue open', onDuty: 'Workers on duty' },
  alertsPanel: 'Overdue alerts',
  noAlerts: 'No alerts',
  alertOverdue: 'Overdue',
  takeover: { major: 'Major case', overdue: 'Case overdue', steered: 'Case on command', reported: (t) => `reported ${t}`, deadline: (t) => `due ${t}, still open` },
  steeredBy: (name) => `Steered by ${name}`,
  tourHeld: 'held',
  categoryPanel: 'Cases by category (all time)',
  trendPanel: 'Cases, last 24 hours',
  trend: { received: 'Received', closed: 'Closed', total: (n) => n },
  categoryName: (code) => CATEGORY_BY_CODE.get(code)?.nameEn ?? code,
  feedPanel: 'Latest cases',
  feedColumns: { time: 'Time', category: 'Category', urgency: 'Urgency', place: 'Street / grid', status: 'Status' },
  noCases: 'No cases yet',
  supervisedMark: 'Urged',
  childrenPanel: (level) => `${level ? LEVEL_EN[level] : 'Sub-areas'} by composite score (today)`,
  childrenColumns: { rank: '#', name: 'Area', score: 'Score', open: 'Open', overdue: 'Overdue' },
  noChildren: 'No sub-areas',
  rankTooFew: 'Too few cases today to rank (cases)',
  rankSample: (n) => n,
  gridStaffPanel: 'Staff of this grid cell',
  gridStaffColumns: { name: 'Name', kind: 'Post', duty: 'Status', open: 'Open' },
  partyPanel: 'Party organisation',
  partyFigure: { coverage: 'Org. coverage', members: 'Party members', cadresOnDuty: 'Cadres on duty', fiveStar: 'Five-star' },
  workerKind: { grid_chief: 'Grid chief', full_time: 'Full-time', part_time: 'Part-time', party_volunteer: 'Party volunteer', cadre: 'Cadre', building_head: 'Building head' },
  onDuty: 'On duty',
  offDuty: 'Off duty',
  noStaff: 'No staff in this grid cell',
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
  selectionFound: (name, code) => `Showing ${name} (${code})`,
  detailFailed: (d) => `The grid data of district ${d} did not load`,
  basemapFailed: 'The basemap did not load: showing the offline basemap',
  cellMetric: {
    open: 'Open cases per grid cell',
    overdue: 'Overdue cases per grid cell',
    new: 'New in the last hour per grid cell',
    per10k: 'Open cases per 10,000 households',
  },
  notice: {
    unknownParam: (n) => `Unknown parameter ${n} ignored`,
    repeatedParam: (n) => `Parameter ${n} given more than once: the first is used`,
    invalidArea: (v) => `area=${v} is not an area code (6, 9, 12, 15 or 18 digits): showing the whole city`,
    invalidMode: (v, f) => `mode=${v} is not fit, fill or physical: using ${f}`,
    invalidRotate: (v, min, max) => `rotate=${v} is not 0 or ${min}–${max} seconds: no rotation`,
    invalidLang: (v) => `lang=${v} is not zh or en: using Chinese`,
    invalidAlarm: (v, min, max, f) => `alarm=${v} is not 0 or ${min}–${max} seconds: using ${f} s`,
    invalidMetric: (v, k, f) => `metric=${v} is not one of ${k}: using ${f}`,
    invalidLayers: (v, k) => `layers=${v} is not a comma list of ${k}: using the default layers`,
    invalidDebug: (v) => `debug=${v} is not 1 or 0: off`,
    invalidPoints: (v, min, max, f) => `points=${v} is not ${min}–${max}: drawing at most ${f} cases`,
  },
};

export const STRINGS: Record<Lang, WallStrings> = { zh, en };
