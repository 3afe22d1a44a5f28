import { CLOSED_STATE_CODES, STATE_CODES, URGENCY_CODES, stateCode, type CaseColumns } from '../../../../shared/src/columnar/caseColumns.js';
import { NOT_YET, stateAt } from '../../../../shared/src/columnar/replayState.js';
import type { CaseStatus, Urgency } from '../../../../shared/src/cases/caseModel.js';
import { CasePointColumns } from '../layers/caseColumns.js';

/** The figures of a replay at its current time. */
export interface ReplayFigures {
  /** Epoch ms shown. */
  at: number;
  /** Cases reported before `at` and not closed or rejected by then (the backlog from before the period included). */
  open: number;
  /** Cases reported in [from, at). */
  reported: number;
  /** Cases closed (结案) in [from, at). */
  closed: number;
}

const CLOSED = stateCode('closed');

/**
 * A replay (GET /api/replay, decoded) played on the map: the time moves forward by applying only
 * what happened since the last call (the cases reported and the events in between, through a
 * report cursor and an event cursor) to `points`, so a frame costs what changed, not the day.
 * A seek backwards starts again from `stateAt` (one pass over the replay). Either way the state
 * at time t is exactly `stateAt(replay, t)`: a case is there once reported strictly before t,
 * moved by every event strictly before t (events never precede their case's report: a case's
 * first state is its state at the report or at the period's start).
 */
export class ReplayPlayer {
  /** The open cases at `time`, as the map's binary attributes. */
  points!: CasePointColumns;
  readonly from: number;
  readonly to: number;
  /** The store seq of each case (the points' key). */
  private readonly seqs: Uint32Array;
  /** Case indexes by report time (stable). */
  private readonly byReport: Uint32Array;
  /** Report and event times as "before t" thresholds: epoch ms of the second each falls in. */
  private readonly reportMs: Float64Array;
  private readonly eventMs: Float64Array;
  private state: Uint8Array;
  private reportCursor = 0;
  private eventCursor = 0;
  private openCount = 0;
  private reportedCount = 0;
  private closedCount = 0;
  private t: number;

  constructor(
    readonly replay: CaseColumns,
    private readonly maxPoints = Math.max(1, replay.count),
  ) {
    if (replay.kind !== 'replay') throw new Error(`ReplayPlayer needs a replay buffer, got ${replay.kind}`);
    this.from = replay.fromMs;
    this.to = replay.toMs;
    this.seqs = replay.seq;
    this.reportMs = Float64Array.from(replay.reported, (s) => replay.timeMs(s));
    this.eventMs = Float64Array.from(replay.eventTime.subarray(0, replay.eventCount), (s) => replay.timeMs(s));
    this.byReport = Uint32Array.from({ length: replay.count }, (_, i) => i).sort((a, b) => this.reportMs[a]! - this.reportMs[b]! || a - b);
    this.state = new Uint8Array(replay.count);
    this.t = this.from;
    this.rebuild(this.from);
  }

  /** The replay time, epoch ms. */
  get time(): number {
    return this.t;
  }

  get ended(): boolean {
    return this.t >= this.to;
  }

  /** Moves to `t` (clamped to [from, to]): forwards incrementally, backwards from the start. */
  seek(t: number): void {
    const target = Math.min(this.to, Math.max(this.from, t));
    if (target >= this.t) this.advance(target);
    else this.rebuild(target);
  }

  /** Moves by `ms` of replay time (negative: back). */
  step(ms: number): void {
    this.seek(this.t + ms);
  }

  figures(): ReplayFigures {
    return { at: this.t, open: this.openCount, reported: this.reportedCount, closed: this.closedCount };
  }

  /** A case's state code at the current time (NOT_YET before its report). */
  stateOf(i: number): number {
    return this.state[i]!;
  }

  /** The store seqs of the open cases at the current time (ascending). */
  openSeqs(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.state.length; i++) if (isOpen(this.state[i]!)) out.push(this.seqs[i]!);
    return out.sort((a, b) => a - b);
  }

  private advance(target: number): void {
    const { replay } = this;
    // Reports before the target first (their first state), then the events before it, in time order.
    while (this.reportCursor < this.byReport.length && this.reportMs[this.byReport[this.reportCursor]!]! < target) {
      const i = this.byReport[this.reportCursor++]!;
      const code = replay.state[i]!;
      this.state[i] = code;
      if (this.reportMs[i]! >= this.from) this.reportedCount++;
      if (isOpen(code)) this.show(i, code);
    }
    while (this.eventCursor < this.eventMs.length && this.eventMs[this.eventCursor]! < target) {
      const e = this.eventCursor++;
      const i = replay.eventCase[e]!;
      const next = replay.eventState[e]!;
      if (next === CLOSED) this.closedCount++;
      const previous = this.state[i]!;
      if (previous === NOT_YET) continue;
      this.state[i] = next;
      const wasOpen = isOpen(previous);
      if (!wasOpen && isOpen(next)) this.show(i, next);
      else if (wasOpen) {
        // setState changes the colour in place, or takes a closed or rejected case off the map.
        if (!isOpen(next)) this.openCount--;
        this.points.setState(this.seqs[i]!, STATE_CODES[next] as CaseStatus);
      }
    }
    this.t = target;
  }

  /** Everything from `stateAt(target)`: new point columns (a full upload), cursors past what is before it. */
  private rebuild(target: number): void {
    const moment = stateAt(this.replay, target, this.state);
    this.state = moment.state;
    this.points = new CasePointColumns(this.maxPoints);
    this.openCount = 0;
    for (const i of moment.open) this.show(i, this.state[i]!);
    this.reportCursor = 0;
    this.reportedCount = 0;
    while (this.reportCursor < this.byReport.length && this.reportMs[this.byReport[this.reportCursor]!]! < target) {
      if (this.reportMs[this.byReport[this.reportCursor]!]! >= this.from) this.reportedCount++;
      this.reportCursor++;
    }
    this.eventCursor = 0;
    this.closedCount = 0;
    while (this.eventCursor < this.eventMs.length && this.eventMs[this.eventCursor]! < target) {
      if (this.replay.eventState[this.eventCursor] === CLOSED) this.closedCount++;
      this.eventCursor++;
    }
    this.t = target;
  }

  private show(i: number, code: number): void {
    this.openCount++;
    const { replay } = this;
    this.points.append([{ seq: this.seqs[i]!, lon: replay.lonAt(i), lat: replay.latAt(i), urgency: (URGENCY_CODES[replay.urgency[i]!] ?? 'normal') as Urgency, status: STATE_CODES[code]! }]);
  }
}

const isOpen = (code: number): boolean => code !== NOT_YET && !CLOSED_STATE_CODES.has(code);
