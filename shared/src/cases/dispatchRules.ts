import type { Roster, Worker } from '../staff/roster.js';
import type { Urgency } from './caseModel.js';

/**
 * 一键派遣: where a case goes with one key. A rule table maps category (and subcategory where it
 * matters) and urgency to a target: the grid's on-duty worker, or a responsible unit of the
 * grid's district. Rows are tried in order and the first that matches wins, so specific rows come
 * before their category's default (the last row of each category, matching anything left, so a
 * subcategory added later is still routed); there is deliberately no catch-all row across
 * categories, so a category without rows is a bug that the tests catch.
 */
export const UNITS = {
  CG: '城市管理局（综合执法）',
  HW: '环境卫生服务中心',
  SZ: '市政设施事务中心',
  YL: '园林绿化中心',
  ZJ: '住房和城乡建设局',
  JJ: '公安交警大队',
  HB: '生态环境分局',
  YJ: '应急管理局',
  XF: '消防救援大队',
  GA: '公安分局（辖区派出所）',
  MZ: '民政局',
  RS: '人力资源和社会保障局（劳动保障监察）',
  SF: '司法局（司法所人民调解）',
  FG: '住房保障和房地产管理局（物业监管）',
  JY: '交通运输局（交通运输执法）',
  RQ: '燃气公司服务站',
  GS: '供水公司服务站',
  GD: '供电公司供电所',
} as const;
export type UnitCode = keyof typeof UNITS;

export type DispatchTargetSpec = { kind: 'grid_worker' } | { kind: 'unit'; unit: UnitCode };

export interface DispatchRule {
  /** Names the row, e.g. "TF/TF04→XF" or "MD@prominent+major→SF"; shown with the reason in the UI. */
  id: string;
  category: string;
  /** Matches only these subcategories; all when absent. */
  subcategories?: readonly string[];
  /** Matches only these urgencies; all when absent. */
  urgencies?: readonly Urgency[];
  target: DispatchTargetSpec;
  reason: string;
}

const worker: DispatchTargetSpec = { kind: 'grid_worker' };
const unit = (code: UnitCode): DispatchTargetSpec => ({ kind: 'unit', unit: code });

function row(category: string, target: DispatchTargetSpec, reason: string, only: { sub?: string[]; urgency?: Urgency[] } = {}): DispatchRule {
  const id = `${category}${only.sub ? `/${only.sub.join('+')}` : ''}${only.urgency ? `@${only.urgency.join('+')}` : ''}→${target.kind === 'unit' ? target.unit : 'grid_worker'}`;
  return { id, category, ...(only.sub ? { subcategories: only.sub } : {}), ...(only.urgency ? { urgencies: only.urgency } : {}), target, reason };
}

const SERIOUS: Urgency[] = ['prominent', 'major'];

export const DISPATCH_RULES: readonly DispatchRule[] = [
  // 突发事件: fire first (119), then anything major to the emergency bureau, then by kind
  row('TF', unit('XF'), '火灾由消防救援处置', { sub: ['TF04'] }),
  row('TF', unit('YJ'), '重大突发事件由应急管理局统一指挥', { urgency: ['major'] }),
  row('TF', unit('GS'), '供水管道破裂由供水单位抢修', { sub: ['TF01'] }),
  row('TF', unit('SZ'), '道路塌陷、路面积水由市政抢修排水', { sub: ['TF02', 'TF03'] }),
  row('TF', unit('YJ'), '其他突发事件由应急管理局处置'),
  // 安全隐患: gas always to the gas company; serious ones to the emergency bureau; else on the spot
  row('AQ', unit('RQ'), '燃气隐患由燃气公司处置', { sub: ['AQ03'] }),
  row('AQ', unit('YJ'), '突出、重大安全隐患由应急管理局督办', { urgency: SERIOUS }),
  row('AQ', worker, '安全隐患由网格员现场劝导、督促整改'),
  // 矛盾纠纷
  row('MD', unit('RS'), '劳资纠纷由劳动保障监察处理', { sub: ['MD03'] }),
  row('MD', unit('SF'), '突出、重大矛盾纠纷由司法所人民调解', { urgency: SERIOUS }),
  row('MD', worker, '矛盾纠纷先由网格员就地调解'),
  // 治安
  row('ZA', unit('GA'), '治安问题由辖区派出所处置'),
  // 街面秩序
  row('JM', worker, '简易街面秩序问题由网格员现场劝导', { urgency: ['simple'] }),
  row('JM', unit('JY'), '非法营运由交通运输执法查处', { sub: ['JM03'] }),
  row('JM', unit('CG'), '街面秩序由城管执法处理'),
  // 市容环境
  row('SR', unit('CG'), '违法建设由城管执法查处', { sub: ['SR02'] }),
  row('SR', worker, '简易市容问题由网格员现场处置', { urgency: ['simple'] }),
  row('SR', unit('CG'), '焚烧垃圾由城管执法查处', { sub: ['SR05'] }),
  row('SR', unit('HW'), '垃圾、道路不洁由环卫清运保洁'),
  // 宣传广告
  row('XC', unit('CG'), '违规户外广告由城管执法查处', { sub: ['XC03'] }),
  row('XC', worker, '小广告、招牌等简易问题由网格员现场处置', { urgency: ['simple'] }),
  row('XC', unit('CG'), '宣传广告由城管执法处理'),
  // 施工管理
  row('SG', unit('HB'), '夜间施工噪音、施工扬尘由生态环境部门查处', { sub: ['SG01', 'SG02'] }),
  row('SG', unit('CG'), '违规占道施工、建筑垃圾由城管执法查处', { sub: ['SG03', 'SG04'] }),
  row('SG', unit('ZJ'), '其他施工问题由住建部门监管'),
  // 民生诉求 (12345)
  row('MS', unit('GS'), '供水供暖诉求转供水（供热）单位', { sub: ['MS01'] }),
  row('MS', unit('FG'), '物业服务诉求由房管部门督办', { sub: ['MS02'] }),
  row('MS', unit('HB'), '噪音扰民由生态环境部门处理', { sub: ['MS03'] }),
  row('MS', unit('HW'), '环境卫生诉求由环卫处理', { sub: ['MS04'] }),
  row('MS', unit('JY'), '交通出行诉求由交通运输局处理', { sub: ['MS05'] }),
  row('MS', unit('MZ'), '其他民生诉求由民政部门统筹'),
  // 部件
  row('GY', unit('GD'), '电力杆件由供电所处置', { sub: ['GY04'] }),
  row('GY', unit('SZ'), '井盖、路灯等市政设施由市政维修'),
  row('JT', unit('JY'), '公交站亭由交通运输局（公交）维修', { sub: ['JT03'] }),
  row('JT', unit('JJ'), '护栏、交通标志由交警维护'),
  row('SS', unit('HW'), '垃圾箱、公厕由环卫维修'),
  row('YL', unit('YL'), '行道树、绿地由园林部门处置'),
  row('QT', unit('CG'), '其他设施由城管统筹'),
];

/** The first row matching the case, or undefined when the table has none (a bug). */
export function matchRule(category: string, subcategory: string, urgency: Urgency): DispatchRule | undefined {
  return DISPATCH_RULES.find(
    (r) => r.category === category && (!r.subcategories || r.subcategories.includes(subcategory)) && (!r.urgencies || r.urgencies.includes(urgency)),
  );
}

/** Units exist per district (`unit:410105:SZ`); the 城管执法中队 also per street (`unit:410105001:CG`). */
export function unitId(areaCode: string, unit: UnitCode): string {
  return `unit:${areaCode}:${unit}`;
}

/**
 * Where a holder belongs, or why there is no such holder: a worker to their community (its grids
 * are the ones they serve, A/B岗 colleagues included), a unit to its district or street.
 */
export function assigneeArea(assignee: string, roster: Roster): { area: string } | { error: string } {
  if (assignee.startsWith('W')) {
    const worker = roster.byId(assignee);
    return worker ? { area: worker.community } : { error: `no worker ${assignee} in the roster` };
  }
  const [, area, unit] = assignee.split(':');
  if (!(unit! in UNITS)) return { error: `${assignee}: unknown unit ${unit}; units: ${Object.keys(UNITS).join(', ')}` };
  const level = roster.model.node(area!)?.level;
  if (level !== 'district' && level !== 'street') return { error: `${assignee}: ${area} is not a district or street; units exist per district (the 城管 squad also per street)` };
  return { area: area! };
}

/** How a grid-worker rule found its person, or that it fell through to the street's 城管 squad. */
export type DispatchFallback = 'ab_post' | 'grid_chief' | 'part_time' | 'street_unit';

export interface DispatchResult {
  assignee: string;
  assigneeName: string;
  kind: 'worker' | 'unit';
  /** The id of the matched row. */
  rule: string;
  /** Null when the row's own target took the case. */
  fallback: DispatchFallback | null;
}

export interface DispatchInput {
  category: string;
  subcategory: string;
  urgency: Urgency;
  /** 15-digit grid code */
  grid: string;
}

/**
 * Where a case goes now. Grid-worker rows go to the grid's on-duty worker (own full-timer, a
 * community colleague on A/B岗, the 网格长, a part-timer); with nobody on duty, to the street's
 * 城管执法中队, which is on duty around the clock.
 */
export function dispatchTarget(input: DispatchInput, roster: Roster, ms: number): DispatchResult {
  const { model } = roster;
  const grid = model.node(input.grid);
  if (!grid || grid.level !== 'grid') throw new Error(`dispatch needs a grid code, got "${input.grid}"`);
  const rule = matchRule(input.category, input.subcategory, input.urgency);
  if (!rule) throw new Error(`no dispatch rule for category ${input.category}/${input.subcategory} (${input.urgency})`);
  const districtCode = input.grid.slice(0, 6);
  if (rule.target.kind === 'unit') {
    const district = model.node(districtCode)!;
    return { assignee: unitId(districtCode, rule.target.unit), assigneeName: `${district.name}${UNITS[rule.target.unit]}`, kind: 'unit', rule: rule.id, fallback: null };
  }
  const person = roster.onDutyWorker(input.grid, ms);
  if (person) return { assignee: person.id, assigneeName: person.name, kind: 'worker', rule: rule.id, fallback: fallbackOf(person, input.grid) };
  const street = model.node(input.grid.slice(0, 9))!;
  return { assignee: unitId(street.code, 'CG'), assigneeName: `${street.name}城管执法中队`, kind: 'unit', rule: rule.id, fallback: 'street_unit' };
}

function fallbackOf(person: Worker, grid: string): DispatchFallback | null {
  switch (person.kind) {
    case 'full_time':
      return person.grids.includes(grid) ? null : 'ab_post';
    case 'grid_chief':
      return 'grid_chief';
    default:
      return 'part_time';
  }
}
