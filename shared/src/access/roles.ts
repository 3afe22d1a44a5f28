/** Kinds of user (分级分块: each also has a scope node of the hierarchy). */
export const ROLES = ['commander', 'operator', 'analyst', 'grid_worker', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  commander: '指挥长',
  operator: '值班员',
  analyst: '分析员',
  grid_worker: '网格员',
  auditor: '审计员',
  admin: '管理员',
};

/**
 * Handling levels of a case, bottom up: 上报 moves a case one step up, 下派 sends it down. Line
 * departments (职能部门) sit above the city platform as the last resort.
 */
export const HANDLING_LEVELS = ['grid', 'community', 'street', 'district', 'city', 'department'] as const;
export type HandlingLevel = (typeof HANDLING_LEVELS)[number];
