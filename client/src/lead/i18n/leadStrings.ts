import type { Level } from '../../../../shared/src/city/levels.js';
import type { SteerLayer } from '../../../../shared/src/steer/steerCommands.js';
import type { Lang } from '../../i18n/strings.js';

/** Every word of the leaders' tablet beyond the wall's shared ones (status, urgency, categories). */
export interface LeadStrings {
  title: string;
  loading: string;
  /** The app shell opened without the network, or the server cannot be reached. */
  offline: string;
  /** Connection states of the live stream. */
  /** `updating`: the server runs a newer client, the page reloads itself in `seconds` (`retry`: again, it did minutes ago). */
  /** `held`: the reload is due but waits until the person has sent or cleared what they are typing. */
  connection: { live: string; reconnecting: string; offline: string; stale: (seconds: number) => string; updating: (seconds: number, retry: boolean) => string; held: string };
  signIn: string;
  notAllowed: (area: string) => string;
  back: string;
  today: string;
  yesterday: string;
  kpi: { received: string; registrationRate: string; closureRate: string; onTimeRate: string; overdueOpen: string; open: string };
  rankingTitle: (childLevel: Level | null) => string;
  rankingTop: string;
  rankingBottom: string;
  rankTooFew: string;
  rankSample: (n: number) => string;
  rankHint: string;
  noChildren: string;
  overdueTitle: string;
  majorTitle: string;
  noCases: string;
  trendTitle: string;
  trend: { received: string; closed: string };
  mapTitle: string;
  supervised: (count: number) => string;
  caseTitle: string;
  close: string;
  timeline: string;
  slaLeft: (text: string) => string;
  slaOverdue: (text: string) => string;
  slaNone: string;
  stageLeft: (text: string) => string;
  duration: (ms: number) => string;
  action: Record<string, string>;
  by: (who: string) => string;
  superviseButton: string;
  superviseNote: string;
  superviseDone: string;
  superviseOnlyCommander: string;
  superviseFailed: (message: string) => string;
  steerTitle: string;
  steer: {
    none: string;
    online: string;
    offline: string;
    own: string;
    shows: (area: string) => string;
    tour: (index: number, count: number, held: boolean) => string;
    steeredBy: (name: string, until: string) => string;
    showHere: string;
    tourStart: string;
    hold: string;
    resume: string;
    previous: string;
    next: string;
    release: string;
    failed: (message: string) => string;
    /** The case sheet's 在大屏显示: the wall's name when there is more than one to pick. */
    showCase: (wall: string | null) => string;
    caseShown: (wall: string) => string;
    /** The wall's map layers a commander turns on and off (the `map` command), 党建引领's included. */
    layersTitle: string;
    layers: Record<SteerLayer, string>;
  };
}

const LEVEL_ZH: Record<Level, string> = { city: '市', district: '区县', street: '街道', community: '社区', grid: '网格', building: '楼栋' };
const LEVEL_EN: Record<Level, string> = { city: 'city', district: 'districts', street: 'streets', community: 'communities', grid: 'grid cells', building: 'buildings' };

function hm(ms: number, zh: boolean): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (zh) return d > 0 ? `${d}天${h}小时` : h > 0 ? `${h}小时${m}分` : `${m}分钟`;
  return d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`;
}

export const leadZh: LeadStrings = {
  title: '领导驾驶舱',
  loading: '加载中…',
  offline: '离线：无法连接服务器，恢复后自动重连',
  connection: { live: '实时', reconnecting: '重连中…', offline: '离线', stale: (s) => `数据中断 ${s} 秒`, updating: (s, retry) => (retry ? `新版本未生效，${Math.ceil(s / 60)} 分钟后重试` : `新版本，${s} 秒后刷新`), held: '新版本，待完成编辑后刷新' },
  signIn: '请先登录',
  notAllowed: (a) => `本账号无权查看区域 ${a}`,
  back: '返回上级',
  today: '今日',
  yesterday: '昨日',
  kpi: { received: '受理数', registrationRate: '立案率', closureRate: '结案率', onTimeRate: '按期结案率', overdueOpen: '超期未结', open: '在办' },
  rankingTitle: (l) => `${l ? LEVEL_ZH[l] : ''}综合评价排名`,
  rankingTop: '前三',
  rankingBottom: '后三',
  rankTooFew: '今日受理过少，不参与排名',
  rankSample: (n) => `受理 ${n} 件`,
  rankHint: '点击单位下钻',
  noChildren: '无下级单位',
  overdueTitle: '超期案件',
  majorTitle: '重大案件',
  noCases: '暂无',
  trendTitle: '近24小时趋势',
  trend: { received: '受理', closed: '结案' },
  mapTitle: '区域态势',
  supervised: (n) => (n > 1 ? `督×${n}` : '督'),
  caseTitle: '案件详情',
  close: '关闭',
  timeline: '办理过程',
  slaLeft: (t) => `距结案时限 ${t}`,
  slaOverdue: (t) => `已超期 ${t}`,
  slaNone: '无结案时限',
  stageLeft: (t) => `本环节剩余 ${t}`,
  duration: (ms) => hm(ms, true),
  action: {
    report: '上报', register: '立案', reject: '不予立案', dispatch: '派遣', return: '回退', accept: '受理', extend: '延期', park: '挂账',
    resume: '恢复', handle: '处置', pass: '核查通过', fail: '核查不通过', close: '结案', escalate: '上报上级', supervise: '督办',
  },
  by: (w) => `办理人 ${w}`,
  superviseButton: '一键督办',
  superviseNote: '督办意见',
  superviseDone: '已督办',
  superviseOnlyCommander: '仅指挥长可督办',
  superviseFailed: (m) => `督办失败：${m}`,
  steerTitle: '大屏遥控',
  steer: {
    none: '本区域没有大屏',
    online: '在线',
    offline: '离线',
    own: '自主轮播',
    shows: (a) => `显示 ${a}`,
    tour: (i, n, held) => `轮播 ${i}/${n}${held ? ' · 暂停' : ''}`,
    steeredBy: (name, until) => `遥控中：${name}（至 ${until}）`,
    showHere: '显示本区域',
    showCase: (wall) => (wall ? `在大屏显示：${wall}` : '在大屏显示'),
    caseShown: (wall) => `已在${wall}显示`,
    layersTitle: '图层',
    layers: { choropleth: '网格着色', heatmap: '热力', points: '案件点位', workers: '在岗人员', coverage: '党组织覆盖', centres: '党群服务中心' },
    tourStart: '开始轮播',
    hold: '暂停',
    resume: '继续',
    previous: '上一个',
    next: '下一个',
    release: '交还大屏',
    failed: (m) => `遥控失败：${m}`,
  },
};

export const leadEn: LeadStrings = {
  title: 'Leaders’ view',
  loading: 'Loading…',
  offline: 'Offline: the server cannot be reached; reconnects by itself',
  connection: { live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline', stale: (s) => `No data for ${s} s`, updating: (s, retry) => (retry ? `New version pending: retry in ${Math.ceil(s / 60)} min` : `New version: reload in ${s} s`), held: 'New version: reload once you finish editing' },
  signIn: 'Please sign in',
  notAllowed: (a) => `This account may not view area ${a}`,
  back: 'Up one level',
  today: 'Today',
  yesterday: 'Yesterday',
  kpi: { received: 'Received', registrationRate: 'Registered', closureRate: 'Closed', onTimeRate: 'On time', overdueOpen: 'Overdue', open: 'Open' },
  rankingTitle: (l) => `Ranking of ${l ? LEVEL_EN[l] : 'units'}`,
  rankingTop: 'Top 3',
  rankingBottom: 'Bottom 3',
  rankTooFew: 'Too few cases today to rank',
  rankSample: (n) => `${n} received`,
  rankHint: 'Tap a unit to drill in',
  noChildren: 'No units below',
  overdueTitle: 'Overdue cases',
  majorTitle: 'Major cases',
  noCases: 'None',
  trendTitle: 'Last 24 hours',
  trend: { received: 'Received', closed: 'Closed' },
  mapTitle: 'Area map',
  supervised: (n) => (n > 1 ? `Urged ×${n}` : 'Urged'),
  caseTitle: 'Case',
  close: 'Close',
  timeline: 'Timeline',
  slaLeft: (t) => `${t} to the deadline`,
  slaOverdue: (t) => `Overdue by ${t}`,
  slaNone: 'No closure deadline',
  stageLeft: (t) => `${t} left in this stage`,
  duration: (ms) => hm(ms, false),
  action: {
    report: 'Reported', register: 'Registered', reject: 'Rejected', dispatch: 'Dispatched', return: 'Returned', accept: 'Accepted', extend: 'Extended',
    park: 'Parked', resume: 'Resumed', handle: 'Handled', pass: 'Verified', fail: 'Verification failed', close: 'Closed', escalate: 'Escalated', supervise: 'Urged (督办)',
  },
  by: (w) => `by ${w}`,
  superviseButton: 'Urge (督办)',
  superviseNote: 'Note',
  superviseDone: 'Urged',
  superviseOnlyCommander: 'Only commanders may urge',
  superviseFailed: (m) => `Could not urge: ${m}`,
  steerTitle: 'Steer the wall',
  steer: {
    none: 'No wall in this area',
    online: 'Online',
    offline: 'Offline',
    own: 'Own tour',
    shows: (a) => `Shows ${a}`,
    tour: (i, n, held) => `Tour ${i}/${n}${held ? ' · held' : ''}`,
    steeredBy: (name, until) => `Steered by ${name} (until ${until})`,
    showHere: 'Show this area',
    showCase: (wall) => (wall ? `Show on ${wall}` : 'Show on the wall'),
    caseShown: (wall) => `Shown on ${wall}`,
    layersTitle: 'Layers',
    layers: { choropleth: 'Grid fill', heatmap: 'Heat', points: 'Cases', workers: 'Workers on duty', coverage: 'Party coverage', centres: 'Party service centres' },
    tourStart: 'Start tour',
    hold: 'Hold',
    resume: 'Resume',
    previous: 'Previous',
    next: 'Next',
    release: 'Release',
    failed: (m) => `Steering failed: ${m}`,
  },
};

export const LEAD_STRINGS: Record<Lang, LeadStrings> = { zh: leadZh, en: leadEn };
