import type { CaseInput } from '../../../shared/src/cases/caseModel.js';

/** A valid case in 金水区 (the server resolves the point), with overrides. */
export const validCase = (over: Partial<CaseInput> = {}): CaseInput => ({
  channel: 'grid_patrol',
  category: 'SR',
  subcategory: 'SR01',
  urgency: 'normal',
  lon: 113.6713,
  lat: 34.7835,
  description: '路口暴露垃圾',
  ...over,
});
