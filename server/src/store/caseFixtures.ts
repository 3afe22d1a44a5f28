import type { CaseEvent } from '../../../shared/src/cases/caseEvent.js';
import type { AreaRef, Case, CaseStatus } from '../../../shared/src/cases/caseModel.js';
import { formatShanghai } from './caseRow.js';

/** 2026-11-22T08:00:00+08:00 in epoch ms: a fixed start keeps fixtures reproducible. */
export const FIXTURE_EPOCH_MS = Date.parse('2026-11-22T08:00:00+08:00');

/** Fake but well-formed area codes under one district (6 / 9 / 12 / 15 digits, like the real ones). */
export function fakeArea(district: string, street = 1, community = 3, grid = 1): AreaRef {
  const s = `${district}${String(street).padStart(3, '0')}`;
  const c = `${s}${String(community).padStart(3, '0')}`;
  return { district, street: s, community: c, grid: `${c}${String(grid).padStart(3, '0')}` };
}

/**
 * A valid stored-shape case reported at `reportedAtMs`: no reporter, no address, only the report
 * time set. Times are spelled as the stores return them (+08:00, milliseconds), so a round trip
 * compares equal.
 */
export function makeCase(id: string, reportedAtMs: number, overrides: Partial<Case> = {}): Case {
  return {
    id,
    channel: 'grid_patrol',
    category: 'SR',
    subcategory: 'SR01',
    urgency: 'normal',
    lon: 113.625368,
    lat: 34.746599,
    address: null,
    description: '经三路与农业路交叉口东南角暴露垃圾',
    reporter: null,
    reporterIsPartyMember: false,
    handlerIsPartyMember: false,
    status: 'reported',
    area: fakeArea('410105'),
    externalId: null,
    source: null,
    times: { reported: formatShanghai(reportedAtMs), registered: null, dispatched: null, accepted: null, handled: null, verified: null, closed: null },
    deadline: null,
    level: 'grid',
    assignee: null,
    reworks: 0,
    extensions: 0,
    stageDeadline: null,
    version: 0,
    verifiedOnTime: null,
    supervised: null,
    ...overrides,
  };
}

/** Every field set: reporter, address, each stage time, deadline, external id. */
export function makeFullCase(id: string, reportedAtMs: number, overrides: Partial<Case> = {}): Case {
  const at = (minutes: number): string => formatShanghai(reportedAtMs + minutes * 60_000);
  return makeCase(id, reportedAtMs, {
    channel: 'hotline_12345',
    category: 'MS',
    subcategory: 'MS03',
    urgency: 'prominent',
    lon: 113.7012345678901,
    lat: 34.7654321098765,
    address: '郑州市金水区花园路 88 号 3 号楼',
    description: '夜间 23 点后广场舞音响扰民，已持续一周',
    reporter: { name: '王女士', phone: '+86 138 0371 0000' },
    status: 'closed',
    externalId: `12345-${id}`,
    source: 'source-410105-12345',
    times: { reported: at(0), registered: at(3), dispatched: at(9), accepted: at(21), handled: at(180), verified: at(240), closed: at(245) },
    deadline: at(48 * 60),
    level: 'street',
    assignee: 'W41010500100100101',
    reworks: 1,
    extensions: 1,
    stageDeadline: null,
    version: 7,
    verifiedOnTime: true,
    supervised: { count: 2, lastAt: at(100), by: 'test.commander.410105' },
    ...overrides,
  });
}

/** An operator's event on a case, at `atMs`, spelled as the stores return it. */
export function makeEvent(caseId: string, atMs: number, from: CaseStatus, to: CaseStatus, overrides: Partial<CaseEvent> = {}): CaseEvent {
  return {
    caseId,
    at: formatShanghai(atMs),
    action: 'dispatch',
    from,
    to,
    actor: { id: 'op-410105', role: 'operator' },
    level: 'street',
    assignee: null,
    note: '派往市政',
    ...overrides,
  };
}
