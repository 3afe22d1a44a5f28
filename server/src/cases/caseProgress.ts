import type { Case } from '../../../shared/src/cases/caseModel.js';
import type { LiveState } from '../live/liveState.js';
import type { CaseStore } from '../store/caseStore.js';

/**
 * Stores changed cases, then counts them live. The one path for status changes until the
 * lifecycle state machine owns transitions.
 */
export class CaseProgress {
  constructor(private readonly deps: { store: CaseStore; state: LiveState }) {}

  async save(cases: Case[]): Promise<void> {
    if (cases.length === 0) return;
    await this.deps.store.update(cases);
    this.deps.state.update(cases);
  }
}
