/** The six levels of the hierarchy (市 → 区县 → 街道/乡镇 → 社区/村 → 网格 → 楼栋). */
export const LEVELS = ['city', 'district', 'street', 'community', 'grid', 'building'] as const;
export type Level = (typeof LEVELS)[number];

/** Code length per level: 6-digit admin code, +3 street, +3 community, +3 grid, +3 building. */
export const CODE_LENGTH: Record<Level, number> = {
  city: 6,
  district: 6,
  street: 9,
  community: 12,
  grid: 15,
  building: 18,
};

export const LEVEL_NAMES_ZH: Record<Level, string> = {
  city: '市',
  district: '区县',
  street: '街道/乡镇',
  community: '社区/村',
  grid: '网格',
  building: '楼栋',
};

export type AreaType = 'urban' | 'fringe' | 'rural';
