import type { HandlingLevel, Role } from '../access/roles.js';
import type { CaseStatus } from './caseModel.js';
import type { Action } from './lifecycle.js';

/** Who took an action: an account (or the simulator's stand-in for one) with its role. */
export interface Actor {
  id: string;
  role: Role;
}

/** What an event records: a lifecycle action, or 督办 (a commander urged the case; its status stays). */
export type EventAction = Action | 'supervise';

/**
 * One transition of a case, immutable once stored: the timeline of a case is its report followed
 * by these, oldest first.
 */
export interface CaseEvent {
  caseId: string;
  /** ISO 8601, +08:00 */
  at: string;
  action: EventAction;
  from: CaseStatus;
  to: CaseStatus;
  actor: Actor;
  /** Handling level after the action. */
  level: HandlingLevel;
  /** Holder after the action (worker id or unit code), null when nobody holds it. */
  assignee: string | null;
  note: string | null;
}
