/**
 * Case categories: GB/T 30428.2 (digital city management) event and component classes, plus the
 * grid-governance classes. `share` is the category's share of cases in practice (events are about
 * 97%); the simulator draws from it and the wall uses the names.
 */
export interface Subcategory {
  code: string;
  name: string;
}

export interface Category {
  code: string;
  name: string;
  nameEn: string;
  kind: 'event' | 'component' | 'governance';
  share: number;
  subcategories: Subcategory[];
}

const sub = (code: string, names: string[]): Subcategory[] => names.map((name, i) => ({ code: `${code}${String(i + 1).padStart(2, '0')}`, name }));

export const CATEGORIES: Category[] = [
  { code: 'SR', name: '市容环境', nameEn: 'City appearance', kind: 'event', share: 0.22, subcategories: sub('SR', ['暴露垃圾', '违法建设', '道路不洁', '积存垃圾渣土', '焚烧垃圾']) },
  { code: 'XC', name: '宣传广告', nameEn: 'Ads and flyers', kind: 'event', share: 0.08, subcategories: sub('XC', ['非法小广告', '违规散发宣传品', '违规户外广告', '招牌不规范']) },
  { code: 'SG', name: '施工管理', nameEn: 'Construction', kind: 'event', share: 0.09, subcategories: sub('SG', ['夜间施工噪音', '施工扬尘', '违规占道施工', '建筑垃圾']) },
  { code: 'JM', name: '街面秩序', nameEn: 'Street order', kind: 'event', share: 0.17, subcategories: sub('JM', ['无照经营游商', '店外经营', '非法营运', '占道经营', '乱堆物料']) },
  { code: 'TF', name: '突发事件', nameEn: 'Emergencies', kind: 'event', share: 0.03, subcategories: sub('TF', ['管道破裂', '道路塌陷', '路面积水', '火灾']) },
  { code: 'MD', name: '矛盾纠纷', nameEn: 'Disputes', kind: 'governance', share: 0.07, subcategories: sub('MD', ['邻里纠纷', '物业纠纷', '劳资纠纷', '婚姻家庭纠纷']) },
  { code: 'AQ', name: '安全隐患', nameEn: 'Safety hazards', kind: 'governance', share: 0.08, subcategories: sub('AQ', ['消防通道堵塞', '电动车违规充电', '燃气隐患', '高空坠物隐患']) },
  { code: 'MS', name: '民生诉求', nameEn: 'Public requests', kind: 'governance', share: 0.18, subcategories: sub('MS', ['供水供暖', '物业服务', '噪音扰民', '环境卫生', '交通出行']) },
  { code: 'ZA', name: '治安', nameEn: 'Public order', kind: 'governance', share: 0.05, subcategories: sub('ZA', ['可疑人员', '打架斗殴', '盗窃线索']) },
  { code: 'GY', name: '公用设施', nameEn: 'Utilities', kind: 'component', share: 0.012, subcategories: sub('GY', ['井盖缺失', '井盖破损', '路灯不亮', '电力杆件']) },
  { code: 'JT', name: '交通设施', nameEn: 'Traffic facilities', kind: 'component', share: 0.008, subcategories: sub('JT', ['护栏损坏', '交通标志损坏', '公交站亭损坏']) },
  { code: 'SS', name: '市容环境设施', nameEn: 'Sanitation facilities', kind: 'component', share: 0.005, subcategories: sub('SS', ['垃圾箱损坏', '公厕设施损坏']) },
  { code: 'YL', name: '园林绿化设施', nameEn: 'Greenery', kind: 'component', share: 0.004, subcategories: sub('YL', ['行道树倒伏', '绿地破坏']) },
  { code: 'QT', name: '其他设施', nameEn: 'Other facilities', kind: 'component', share: 0.001, subcategories: sub('QT', ['其他设施损坏']) },
];

export const CATEGORY_BY_CODE = new Map(CATEGORIES.map((c) => [c.code, c]));
export const SUBCATEGORY_BY_CODE = new Map(CATEGORIES.flatMap((c) => c.subcategories.map((s) => [s.code, { ...s, category: c.code }] as const)));
