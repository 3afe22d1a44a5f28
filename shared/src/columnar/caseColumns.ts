import { STATUSES, URGENCIES, type CaseStatus, type Urgency } from '../cases/caseModel.js';
import { CATEGORIES } from '../cases/categories.js';

/**
 * Cases as columns in one binary buffer (little-endian, versioned): what the map draws of a
 * whole area, and the replay of a period with its lifecycle events. Decoding makes typed-array
 * views on the buffer, no copy (the seq column aside: one pass). Per point on the wire: x, y
 * (Uint16 each, quantised within the points' own bounding box, ≈ 0.6 m across a district, ≈ 2 m
 * across the city), urgency, state, category (Uint8 each) and the report time (Uint32 seconds
 * after `originMs`): 11 bytes; then the case's `seq`, the store's dense integer key (the SQLite
 * rowid, PostgreSQL's identity column), as the zigzag LEB128 varint of its difference from the
 * previous point's seq. Points come ordered by report time and seqs are given in insertion
 * order, so a difference is mostly ±1 to a few hundred: 1 or 2 bytes raw, well under one after
 * gzip (a plain Uint32 column costs 2.5 bytes a point more after gzip: measured on 100,000 live
 * cases). A point's case id is not in the buffer: a screen asks GET /api/cases/by-seq/:seq. A
 * replay adds 9 bytes per event (case index, time, new state).
 *
 * Layout: a 96-byte header, then sections in this order, each starting on a 4-byte boundary:
 * x[count] y[count] (Uint16), reported[count] (Uint32), urgency[count] state[count]
 * category[count] (Uint8), seqs (per point one varint), eventCase[events] eventTime[events]
 * (Uint32), eventState[events] (Uint8). Version 2 sent front-coded ULIDs instead of seqs (≈ 14
 * bytes a live id after gzip), version 1 ids as offsets + UTF-8; nothing writes either any more.
 */
export const COLUMNS_MAGIC = 0x4c4f4343; // "CCOL" read little-endian
export const COLUMNS_VERSION = 3;
export const HEADER_BYTES = 96;

/** What a buffer holds: an area's cases now (state = current state), or a replay (state = state at the period's start or at the report). */
export type ColumnsKind = 'cases' | 'replay';
const KIND_CODES: Record<ColumnsKind, number> = { cases: 1, replay: 2 };

/** Codes of the Uint8 columns: indexes into these lists; UNKNOWN for a value not in them. */
export const UNKNOWN = 255;
export const STATE_CODES: readonly CaseStatus[] = STATUSES;
export const URGENCY_CODES: readonly Urgency[] = URGENCIES;
export const CATEGORY_CODES: readonly string[] = CATEGORIES.map((c) => c.code);
const STATE_INDEX = new Map(STATE_CODES.map((s, i) => [s as string, i]));
const URGENCY_INDEX = new Map(URGENCY_CODES.map((u, i) => [u as string, i]));
const CATEGORY_INDEX = new Map(CATEGORY_CODES.map((c, i) => [c, i]));
export const stateCode = (s: string): number => STATE_INDEX.get(s) ?? UNKNOWN;
export const urgencyCode = (u: string): number => URGENCY_INDEX.get(u) ?? UNKNOWN;
export const categoryCode = (c: string): number => CATEGORY_INDEX.get(c) ?? UNKNOWN;
/** Codes of the states that end a case (结案, 不予立案): not open. */
export const CLOSED_STATE_CODES: ReadonlySet<number> = new Set([stateCode('closed'), stateCode('rejected')]);

/** Quantisation steps per axis (Uint16). */
const STEPS = 65_535;
/** Report and event times are whole seconds after the origin; ~136 years fit. */
const MAX_SECONDS = 0xffff_ffff;

/** One case as the encoder takes it. Times in epoch ms. */
export interface ColumnCase {
  /** The store's integer key of the case (0 … 2³² − 1). */
  seq: number;
  lon: number;
  lat: number;
  urgency: string;
  /** Current state (kind 'cases'); state at max(period start, report) (kind 'replay'). */
  state: string;
  category: string;
  reportedAt: number;
}

/** One lifecycle event of a replay: the case's index in the case list, when, the state it moved to. */
export interface ColumnEvent {
  caseIndex: number;
  at: number;
  state: string;
}

export interface EncodeInput {
  kind: ColumnsKind;
  cases: readonly ColumnCase[];
  /** Events in time order (kind 'replay'); none for 'cases'. */
  events?: readonly ColumnEvent[];
  /** How many cases matched before any cap (≥ cases.length): the difference is what was left out. */
  totalCases?: number;
  /** How many events matched before any cap (≥ events.length). */
  totalEvents?: number;
  /** The period the buffer describes (epoch ms): replay's [from, to), or the cases' report range and now. */
  fromMs: number;
  toMs: number;
}

/** A decoded buffer: views on it, no copies. Positions are decoded on demand (`lonAt`, `positions`). */
export interface CaseColumns {
  kind: ColumnsKind;
  version: number;
  /** Points in this buffer. */
  count: number;
  /** Points that matched; `total - count` were left out by the cap, oldest first. */
  total: number;
  eventCount: number;
  eventTotal: number;
  /** Epoch ms of second 0 of `reported` and `eventTime`. */
  originMs: number;
  fromMs: number;
  toMs: number;
  /** Bounding box of the points, degrees: [west, south, east, north]. */
  bbox: [number, number, number, number];
  x: Uint16Array;
  y: Uint16Array;
  reported: Uint32Array;
  urgency: Uint8Array;
  state: Uint8Array;
  category: Uint8Array;
  eventCase: Uint32Array;
  eventTime: Uint32Array;
  eventState: Uint8Array;
  /** The store's seq of each point's case (decoded from the varints in one pass; not a view). */
  seq: Uint32Array;
  lonAt(i: number): number;
  latAt(i: number): number;
  /** Seconds after `originMs` → epoch ms. */
  timeMs(seconds: number): number;
}

const align4 = (n: number): number => (n + 3) & ~3;

interface Layout {
  x: number;
  y: number;
  reported: number;
  urgency: number;
  state: number;
  category: number;
  seqs: number;
  eventCase: number;
  eventTime: number;
  eventState: number;
  end: number;
}

function layoutOf(count: number, seqBytes: number, events: number): Layout {
  const x = HEADER_BYTES;
  const y = align4(x + 2 * count);
  const reported = align4(y + 2 * count);
  const urgency = reported + 4 * count;
  const state = urgency + count;
  const category = state + count;
  const seqs = align4(category + count);
  const eventCase = align4(seqs + seqBytes);
  const eventTime = eventCase + 4 * events;
  const eventState = eventTime + 4 * events;
  return { x, y, reported, urgency, state, category, seqs, eventCase, eventTime, eventState, end: align4(eventState + events) };
}

/** Header fields by byte offset (seqBytes: the seq section's size in bytes; bytes 28-31 are unused). */
const H = { magic: 0, version: 4, kind: 6, count: 8, total: 12, events: 16, eventTotal: 20, seqBytes: 24, origin: 32, from: 40, to: 48, west: 56, south: 64, east: 72, north: 80 } as const;

/** Largest seq a point can carry (the column decodes into a Uint32Array). */
export const MAX_CASE_SEQ = 0xffff_ffff;

/**
 * The seqs in the order given as zigzag LEB128 varints of their differences (the first from 0):
 * a difference d is sent as 2d (d ≥ 0) or −2d − 1, 7 bits a byte, low bits first. Arithmetic,
 * not bit operators: a difference of two Uint32 seqs needs 33 bits.
 */
function seqVarints(cases: readonly ColumnCase[]): Uint8Array {
  const out: number[] = [];
  let previous = 0;
  cases.forEach(({ seq }, i) => {
    if (!Number.isInteger(seq) || seq < 0 || seq > MAX_CASE_SEQ) throw new RangeError(`case ${i}: seq ${String(seq)} is not an integer from 0 to ${MAX_CASE_SEQ}`);
    const d = seq - previous;
    let v = d >= 0 ? 2 * d : -2 * d - 1;
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
    previous = seq;
  });
  return Uint8Array.from(out);
}

/** The seq column back from seqVarints' bytes; an Error names what is wrong (a cut or overlong varint, bytes left over, a seq out of range). */
function decodeSeqs(bytes: Uint8Array, count: number): Uint32Array {
  const seqs = new Uint32Array(count);
  let at = 0;
  let previous = 0;
  for (let i = 0; i < count; i++) {
    let v = 0;
    let scale = 1;
    for (;;) {
      if (at >= bytes.length) throw new Error(`case columns: the seq column ends inside point ${i}`);
      const byte = bytes[at++]!;
      v += (byte & 0x7f) * scale;
      if (byte < 0x80) break;
      scale *= 0x80;
      if (scale > 2 ** 35) throw new Error(`case columns: point ${i}'s seq is over 5 bytes`);
    }
    const seq = previous + (v % 2 === 0 ? v / 2 : -(v + 1) / 2);
    if (seq < 0 || seq > MAX_CASE_SEQ) throw new Error(`case columns: point ${i}'s seq ${seq} is out of range`);
    seqs[i] = previous = seq;
  }
  if (at !== bytes.length) throw new Error(`case columns: the seq column holds ${bytes.length - at} bytes past its ${count} points`);
  return seqs;
}

const quantise = (v: number, min: number, span: number): number => (span === 0 ? 0 : Math.round(((v - min) / span) * STEPS));

/** Encodes cases (and a replay's events) into one buffer. Throws a RangeError naming what does not fit. */
export function encodeCaseColumns(input: EncodeInput): ArrayBuffer {
  const { cases } = input;
  const events = input.events ?? [];
  const count = cases.length;
  if (input.kind === 'cases' && events.length > 0) throw new RangeError('a cases buffer carries no events');
  const total = input.totalCases ?? count;
  const eventTotal = input.totalEvents ?? events.length;
  if (!Number.isInteger(total) || total < count || total > 0xffff_ffff) throw new RangeError(`totalCases ${total} must be an integer ≥ the ${count} cases given`);
  if (!Number.isInteger(eventTotal) || eventTotal < events.length || eventTotal > 0xffff_ffff) throw new RangeError(`totalEvents ${eventTotal} must be an integer ≥ the ${events.length} events given`);
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  let origin = Number.isFinite(input.fromMs) ? input.fromMs : Infinity;
  for (const c of cases) {
    if (!Number.isFinite(c.lon) || !Number.isFinite(c.lat)) throw new RangeError(`case seq ${c.seq}: position is not a number`);
    if (c.lon < west) west = c.lon;
    if (c.lon > east) east = c.lon;
    if (c.lat < south) south = c.lat;
    if (c.lat > north) north = c.lat;
    if (c.reportedAt < origin) origin = c.reportedAt;
  }
  for (const e of events) if (e.at < origin) origin = e.at;
  if (count === 0) [west, south, east, north] = [0, 0, 0, 0];
  if (!Number.isFinite(origin)) throw new RangeError('fromMs must be a time');
  origin = Math.floor(origin / 1000) * 1000;
  const seconds = (ms: number, what: string): number => {
    const s = Math.floor((ms - origin) / 1000);
    if (!(s >= 0 && s <= MAX_SECONDS)) throw new RangeError(`${what}: time ${ms} lies more than ${MAX_SECONDS} s after ${origin}`);
    return s;
  };

  const seqs = seqVarints(cases);
  const L = layoutOf(count, seqs.length, events.length);
  const buffer = new ArrayBuffer(L.end);
  const view = new DataView(buffer);
  view.setUint32(H.magic, COLUMNS_MAGIC, true);
  view.setUint16(H.version, COLUMNS_VERSION, true);
  view.setUint16(H.kind, KIND_CODES[input.kind], true);
  view.setUint32(H.count, count, true);
  view.setUint32(H.total, total, true);
  view.setUint32(H.events, events.length, true);
  view.setUint32(H.eventTotal, eventTotal, true);
  view.setUint32(H.seqBytes, seqs.length, true);
  view.setFloat64(H.origin, origin, true);
  view.setFloat64(H.from, input.fromMs, true);
  view.setFloat64(H.to, input.toMs, true);
  view.setFloat64(H.west, west, true);
  view.setFloat64(H.south, south, true);
  view.setFloat64(H.east, east, true);
  view.setFloat64(H.north, north, true);

  // Typed arrays are little-endian on every platform this runs on (x86, ARM); checked once below.
  const xs = new Uint16Array(buffer, L.x, count);
  const ys = new Uint16Array(buffer, L.y, count);
  const reported = new Uint32Array(buffer, L.reported, count);
  const urgency = new Uint8Array(buffer, L.urgency, count);
  const state = new Uint8Array(buffer, L.state, count);
  const category = new Uint8Array(buffer, L.category, count);
  new Uint8Array(buffer, L.seqs, seqs.length).set(seqs);
  const spanX = east - west;
  const spanY = north - south;
  for (let i = 0; i < count; i++) {
    const c = cases[i]!;
    xs[i] = quantise(c.lon, west, spanX);
    ys[i] = quantise(c.lat, south, spanY);
    reported[i] = seconds(c.reportedAt, `case seq ${c.seq}`);
    urgency[i] = urgencyCode(c.urgency);
    state[i] = stateCode(c.state);
    category[i] = categoryCode(c.category);
  }
  const eventCase = new Uint32Array(buffer, L.eventCase, events.length);
  const eventTime = new Uint32Array(buffer, L.eventTime, events.length);
  const eventState = new Uint8Array(buffer, L.eventState, events.length);
  let last = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (!Number.isInteger(e.caseIndex) || e.caseIndex < 0 || e.caseIndex >= count) throw new RangeError(`event ${i}: case index ${e.caseIndex} is not one of the ${count} cases`);
    const t = seconds(e.at, `event ${i}`);
    if (t < last) throw new RangeError(`event ${i}: events must come in time order`);
    last = t;
    eventCase[i] = e.caseIndex;
    eventTime[i] = t;
    eventState[i] = stateCode(e.state);
  }
  return buffer;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Decodes a buffer made by encodeCaseColumns: views on `buffer`, no copies. Throws an Error saying what is wrong with a foreign or damaged buffer. */
export function decodeCaseColumns(buffer: ArrayBuffer): CaseColumns {
  if (!LITTLE_ENDIAN) throw new Error('case columns: this platform is big-endian; the views would be wrong');
  if (buffer.byteLength < HEADER_BYTES) throw new Error(`case columns: ${buffer.byteLength} bytes is shorter than the ${HEADER_BYTES}-byte header`);
  const view = new DataView(buffer);
  if (view.getUint32(H.magic, true) !== COLUMNS_MAGIC) throw new Error('case columns: not a case-columns buffer (bad magic)');
  const version = view.getUint16(H.version, true);
  if (version !== COLUMNS_VERSION) throw new Error(`case columns: version ${version} is not supported (this reader knows version ${COLUMNS_VERSION} only: a page and a server of different releases, reload the page)`);
  const kindCode = view.getUint16(H.kind, true);
  const kind = (Object.keys(KIND_CODES) as ColumnsKind[]).find((k) => KIND_CODES[k] === kindCode);
  if (!kind) throw new Error(`case columns: unknown kind ${kindCode}`);
  const count = view.getUint32(H.count, true);
  const total = view.getUint32(H.total, true);
  const eventCount = view.getUint32(H.events, true);
  const eventTotal = view.getUint32(H.eventTotal, true);
  const seqBytes = view.getUint32(H.seqBytes, true);
  const L = layoutOf(count, seqBytes, eventCount);
  if (L.end !== buffer.byteLength) throw new Error(`case columns: the header announces ${L.end} bytes, the buffer has ${buffer.byteLength}`);
  if (total < count || eventTotal < eventCount) throw new Error('case columns: totals below the counts');
  const originMs = view.getFloat64(H.origin, true);
  const bbox: [number, number, number, number] = [view.getFloat64(H.west, true), view.getFloat64(H.south, true), view.getFloat64(H.east, true), view.getFloat64(H.north, true)];
  const [west, south, east, north] = bbox;
  const x = new Uint16Array(buffer, L.x, count);
  const y = new Uint16Array(buffer, L.y, count);
  const seq = decodeSeqs(new Uint8Array(buffer, L.seqs, seqBytes), count);
  const eventCase = new Uint32Array(buffer, L.eventCase, eventCount);
  for (let i = 0; i < eventCount; i++) if (eventCase[i]! >= count) throw new Error(`case columns: event ${i} names case ${eventCase[i]} of ${count}`);
  return {
    kind,
    version,
    count,
    total,
    eventCount,
    eventTotal,
    originMs,
    fromMs: view.getFloat64(H.from, true),
    toMs: view.getFloat64(H.to, true),
    bbox,
    x,
    y,
    reported: new Uint32Array(buffer, L.reported, count),
    urgency: new Uint8Array(buffer, L.urgency, count),
    state: new Uint8Array(buffer, L.state, count),
    category: new Uint8Array(buffer, L.category, count),
    eventCase,
    eventTime: new Uint32Array(buffer, L.eventTime, eventCount),
    eventState: new Uint8Array(buffer, L.eventState, eventCount),
    seq,
    lonAt: (i) => west + (x[i]! / STEPS) * (east - west),
    latAt: (i) => south + (y[i]! / STEPS) * (north - south),
    timeMs: (s) => originMs + s * 1000,
  };
}

/** Largest error of a decoded coordinate against the encoded one, degrees: half a quantisation step of the wider axis. */
export function positionTolerance(columns: Pick<CaseColumns, 'bbox'>): number {
  const [west, south, east, north] = columns.bbox;
  return Math.max(east - west, north - south) / STEPS / 2 + 1e-12;
}
