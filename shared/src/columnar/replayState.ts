import { CLOSED_STATE_CODES, type CaseColumns } from './caseColumns.js';

/** A case not reported yet at the time asked. */
export const NOT_YET = 254;

/** The states of a replay's cases at one moment: state codes per case (caseColumns STATE_CODES), NOT_YET before its report. */
export interface ReplayMoment {
  /** Epoch ms asked for. */
  at: number;
  state: Uint8Array;
  /** Indexes of the cases reported before `at` and not closed or rejected by then, ascending. */
  open: number[];
}

type Replay = Pick<CaseColumns, 'kind' | 'count' | 'originMs' | 'reported' | 'state' | 'eventCase' | 'eventTime' | 'eventState' | 'eventCount'>;

/**
 * Which cases of a replay are open at time `t` (epoch ms), and in which state. A case is there
 * once reported strictly before `t`, in its first state (the state at the period's start, or at
 * its report), moved by every event strictly before `t`. Times are whole seconds, so a `t` on a
 * whole second is answered exactly. Pure: the replay is not changed; `into` may be reused to
 * avoid an allocation per frame while scrubbing.
 */
export function stateAt(replay: Replay, t: number, into?: Uint8Array): ReplayMoment {
  if (replay.kind !== 'replay') throw new Error(`stateAt needs a replay buffer, got ${replay.kind}`);
  const { count, reported, eventCase, eventTime, eventState } = replay;
  const state = into && into.length === count ? into : new Uint8Array(count);
  // Second s holds times in [origin + s·1000, origin + (s+1)·1000): before t when s·1000 < t − origin.
  const before = (s: number): boolean => s * 1000 < t - replay.originMs;
  for (let i = 0; i < count; i++) state[i] = before(reported[i]!) ? replay.state[i]! : NOT_YET;
  for (let e = 0; e < replay.eventCount; e++) {
    if (!before(eventTime[e]!)) break; // events come in time order
    const i = eventCase[e]!;
    if (state[i] !== NOT_YET) state[i] = eventState[e]!;
  }
  const open: number[] = [];
  for (let i = 0; i < count; i++) if (state[i] !== NOT_YET && !CLOSED_STATE_CODES.has(state[i]!)) open.push(i);
  return { at: t, state, open };
}
