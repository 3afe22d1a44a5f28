import type { HandlingLevel, Role } from '../../../shared/src/access/roles.js';
import type { CaseEvent, EventAction } from '../../../shared/src/cases/caseEvent.js';
import type { Case, CaseStatus, Channel, Reporter, Stage, Urgency } from '../../../shared/src/cases/caseModel.js';

/**
 * The `cases` table's row, shared by both drivers. Times are epoch milliseconds: integer columns
 * index and compare cheaply, and every zone spelling of one instant is stored once.
 */
export interface CaseRow {
  id: string;
  channel: string;
  category: string;
  subcategory: string;
  urgency: string;
  lon: number;
  lat: number;
  address: string | null;
  description: string;
  reporter_name: string | null;
  reporter_phone: string | null;
  /** 党建引领 (migration 10): 1 when the reporter, or the handler, is a party member. */
  reporter_party: number;
  handler_party: number;
  status: string;
  district: string;
  street: string;
  community: string;
  grid: string;
  external_id: string | null;
  reported_at: number;
  registered_at: number | null;
  dispatched_at: number | null;
  accepted_at: number | null;
  handled_at: number | null;
  verified_at: number | null;
  closed_at: number | null;
  deadline: number | null;
  level: string;
  assignee: string | null;
  reworks: number;
  extensions: number;
  stage_deadline: number | null;
  version: number;
  verified_on_time: number | null;
  source: string | null;
  /** 督办 (migration 7): urgings so far, the latest one's time and account. */
  supervised_count: number;
  supervised_at: number | null;
  supervised_by: string | null;
}

type ColumnType = 'text' | 'float8' | 'int8';

/** Every column but the store's own `seq`, in one fixed order, with its PostgreSQL array type. */
export const CASE_COLUMNS: ReadonlyArray<{ name: keyof CaseRow; type: ColumnType }> = [
  { name: 'id', type: 'text' },
  { name: 'channel', type: 'text' },
  { name: 'category', type: 'text' },
  { name: 'subcategory', type: 'text' },
  { name: 'urgency', type: 'text' },
  { name: 'lon', type: 'float8' },
  { name: 'lat', type: 'float8' },
  { name: 'address', type: 'text' },
  { name: 'description', type: 'text' },
  { name: 'reporter_name', type: 'text' },
  { name: 'reporter_phone', type: 'text' },
  { name: 'reporter_party', type: 'int8' },
  { name: 'handler_party', type: 'int8' },
  { name: 'status', type: 'text' },
  { name: 'district', type: 'text' },
  { name: 'street', type: 'text' },
  { name: 'community', type: 'text' },
  { name: 'grid', type: 'text' },
  { name: 'external_id', type: 'text' },
  { name: 'reported_at', type: 'int8' },
  { name: 'registered_at', type: 'int8' },
  { name: 'dispatched_at', type: 'int8' },
  { name: 'accepted_at', type: 'int8' },
  { name: 'handled_at', type: 'int8' },
  { name: 'verified_at', type: 'int8' },
  { name: 'closed_at', type: 'int8' },
  { name: 'deadline', type: 'int8' },
  { name: 'level', type: 'text' },
  { name: 'assignee', type: 'text' },
  { name: 'reworks', type: 'int8' },
  { name: 'extensions', type: 'int8' },
  { name: 'stage_deadline', type: 'int8' },
  { name: 'version', type: 'int8' },
  { name: 'verified_on_time', type: 'int8' },
  { name: 'source', type: 'text' },
  { name: 'supervised_count', type: 'int8' },
  { name: 'supervised_at', type: 'int8' },
  { name: 'supervised_by', type: 'text' },
];

/** The columns a transition replaces: the lifecycle's mutable part (version is compared and set apart). */
export const MUTABLE_COLUMNS: ReadonlyArray<keyof CaseRow> = [
  'status',
  'handler_party',
  'reported_at',
  'registered_at',
  'dispatched_at',
  'accepted_at',
  'handled_at',
  'verified_at',
  'closed_at',
  'deadline',
  'level',
  'assignee',
  'reworks',
  'extensions',
  'stage_deadline',
  'verified_on_time',
  'supervised_count',
  'supervised_at',
  'supervised_by',
];

/** Columns of a LiveRow, in its order. */
export const LIVE_COLUMNS = 'id, status, category, urgency, grid, reported_at, deadline, assignee';

// Asia/Shanghai has had no daylight saving since 1991, so a fixed +08:00 is exact for every time
// this system stores (a pre-1991 summer time would be shown one hour off, never mis-stored).
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** Years 0000..9999 in epoch ms (Beijing time): where the 4-digit fast path below applies. */
const FAST_MIN_MS = -62_167_219_200_000 - SHANGHAI_OFFSET_MS;
const FAST_MAX_MS = 253_402_300_800_000 - SHANGHAI_OFFSET_MS;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * Epoch ms → ISO 8601 in Beijing time, e.g. 2026-11-22T08:30:00.000+08:00. Hand-rolled because
 * Date#toISOString costs ~2.3 µs on Node 20 against ~0.4 µs here, and scan() at start-up formats
 * up to 8 times per case (≈15 s per million cases saved).
 */
export function formatShanghai(ms: number): string {
  if (!Number.isInteger(ms) || ms < FAST_MIN_MS || ms >= FAST_MAX_MS) {
    return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().replace('Z', '+08:00');
  }
  const local = ms + SHANGHAI_OFFSET_MS;
  const days = Math.floor(local / DAY_MS);
  let rest = local - days * DAY_MS;
  // Civil date from days since 1970-01-01 (Howard Hinnant's days_from_civil, inverted).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1_460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1_000);
  const milli = rest - second * 1_000;
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}.${pad3(milli)}+08:00`;
}

/** ISO 8601 with zone → epoch ms (digits below a millisecond are dropped). */
export function parseIsoTime(iso: string, what: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new Error(`${what}: not an ISO 8601 time: ${JSON.stringify(iso)}`);
  return ms;
}

// The error text is built only on failure: toRow runs 8 times per case on the insert path.
function optionalTime(iso: string | null, id: string, field: string): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : parseIsoTime(iso, `case ${id}: ${field}`);
}

const optionalIso = (ms: number | null): string | null => (ms === null ? null : formatShanghai(ms));

/** Case → row. A reporter with neither name nor phone is stored as no reporter. */
export function toRow(c: Case): CaseRow {
  const t = c.times;
  if (t.reported === null) throw new Error(`case ${c.id}: times.reported is required to store a case`);
  return {
    id: c.id,
    channel: c.channel,
    category: c.category,
    subcategory: c.subcategory,
    urgency: c.urgency,
    lon: c.lon,
    lat: c.lat,
    address: c.address,
    description: c.description,
    reporter_name: c.reporter?.name ?? null,
    reporter_phone: c.reporter?.phone ?? null,
    reporter_party: c.reporterIsPartyMember ? 1 : 0,
    handler_party: c.handlerIsPartyMember ? 1 : 0,
    status: c.status,
    district: c.area.district,
    street: c.area.street,
    community: c.area.community,
    grid: c.area.grid,
    external_id: c.externalId,
    reported_at: optionalTime(t.reported, c.id, 'times.reported')!,
    registered_at: optionalTime(t.registered, c.id, 'times.registered'),
    dispatched_at: optionalTime(t.dispatched, c.id, 'times.dispatched'),
    accepted_at: optionalTime(t.accepted, c.id, 'times.accepted'),
    handled_at: optionalTime(t.handled, c.id, 'times.handled'),
    verified_at: optionalTime(t.verified, c.id, 'times.verified'),
    closed_at: optionalTime(t.closed, c.id, 'times.closed'),
    deadline: optionalTime(c.deadline, c.id, 'deadline'),
    level: c.level,
    assignee: c.assignee,
    reworks: c.reworks,
    extensions: c.extensions,
    stage_deadline: optionalTime(c.stageDeadline, c.id, 'stageDeadline'),
    version: c.version,
    verified_on_time: c.verifiedOnTime === null ? null : c.verifiedOnTime ? 1 : 0,
    source: c.source,
    supervised_count: c.supervised?.count ?? 0,
    supervised_at: c.supervised ? optionalTime(c.supervised.lastAt, c.id, 'supervised.lastAt') : null,
    supervised_by: c.supervised?.by ?? null,
  };
}

/** Row → Case. Values are trusted: only toRow() writes them. */
export function fromRow(r: CaseRow): Case {
  let reporter: Reporter | null = null;
  if (r.reporter_name !== null || r.reporter_phone !== null) {
    reporter = {};
    if (r.reporter_name !== null) reporter.name = r.reporter_name;
    if (r.reporter_phone !== null) reporter.phone = r.reporter_phone;
  }
  const times: Record<Stage, string | null> = {
    reported: formatShanghai(r.reported_at),
    registered: optionalIso(r.registered_at),
    dispatched: optionalIso(r.dispatched_at),
    accepted: optionalIso(r.accepted_at),
    handled: optionalIso(r.handled_at),
    verified: optionalIso(r.verified_at),
    closed: optionalIso(r.closed_at),
  };
  return {
    id: r.id,
    channel: r.channel as Channel,
    category: r.category,
    subcategory: r.subcategory,
    urgency: r.urgency as Urgency,
    lon: r.lon,
    lat: r.lat,
    address: r.address,
    description: r.description,
    reporter,
    reporterIsPartyMember: r.reporter_party === 1,
    handlerIsPartyMember: r.handler_party === 1,
    status: r.status as CaseStatus,
    area: { district: r.district, street: r.street, community: r.community, grid: r.grid },
    externalId: r.external_id,
    times,
    deadline: optionalIso(r.deadline),
    level: r.level as HandlingLevel,
    assignee: r.assignee,
    reworks: r.reworks,
    extensions: r.extensions,
    stageDeadline: optionalIso(r.stage_deadline),
    version: r.version,
    verifiedOnTime: r.verified_on_time === null ? null : r.verified_on_time === 1,
    source: r.source,
    supervised: r.supervised_count > 0 && r.supervised_at !== null && r.supervised_by !== null ? { count: r.supervised_count, lastAt: formatShanghai(r.supervised_at), by: r.supervised_by } : null,
  };
}

/**
 * Key of the uniqueness of external ids: per source and channel. Null when the case has no key
 * (no external id, or no source: the database never matches NULLs, so neither does this).
 */
export const externalKey = (c: { source: string | null; channel: string; externalId: string | null }): string | null =>
  c.source === null || c.externalId === null ? null : `${c.source}\u0000${c.channel}\u0000${c.externalId}`;

/** The `case_events` table's row. */
export interface EventRow {
  case_id: string;
  at: number;
  action: string;
  from_status: string;
  to_status: string;
  actor_id: string;
  actor_role: string;
  level: string;
  assignee: string | null;
  note: string | null;
}

/** Columns of an event row in insert order (the store's own seq aside). */
export const EVENT_COLUMNS: ReadonlyArray<{ name: keyof EventRow; type: ColumnType }> = [
  { name: 'case_id', type: 'text' },
  { name: 'at', type: 'int8' },
  { name: 'action', type: 'text' },
  { name: 'from_status', type: 'text' },
  { name: 'to_status', type: 'text' },
  { name: 'actor_id', type: 'text' },
  { name: 'actor_role', type: 'text' },
  { name: 'level', type: 'text' },
  { name: 'assignee', type: 'text' },
  { name: 'note', type: 'text' },
];

export function eventToRow(e: CaseEvent): EventRow {
  return {
    case_id: e.caseId,
    at: optionalTime(e.at, e.caseId, 'event.at')!,
    action: e.action,
    from_status: e.from,
    to_status: e.to,
    actor_id: e.actor.id,
    actor_role: e.actor.role,
    level: e.level,
    assignee: e.assignee,
    note: e.note,
  };
}

export function eventFromRow(r: EventRow): CaseEvent {
  return {
    caseId: r.case_id,
    at: formatShanghai(r.at),
    action: r.action as EventAction,
    from: r.from_status as CaseStatus,
    to: r.to_status as CaseStatus,
    actor: { id: r.actor_id, role: r.actor_role as Role },
    level: r.level as HandlingLevel,
    assignee: r.assignee,
    note: r.note,
  };
}
