import { copyMapAdded, emptyMapAdded, emptyMapStates, MAX_MAP_CHANGES_PER_DELTA, type MapAdded, type MapDelta, type MapStates } from '../../../shared/src/live/mapDelta.js';

/**
 * What the map needs of the tick, whole city: open cases added and state changes as columns, each
 * with its chain of node indices (city down to cell) so an area takes exactly its own. Past
 * MAX_PENDING_MAP (liveState.ts) an entry is only counted, in every node above its case (`omitted`).
 */
export interface PendingMap {
  added: MapAdded;
  addedNodes: number[][];
  states: MapStates;
  statesNodes: number[][];
  /** Entries left out, per node index. */
  omitted: Map<number, number>;
}

export const emptyPendingMap = (): PendingMap => ({ added: emptyMapAdded(), addedNodes: [], states: emptyMapStates(), statesNodes: [], omitted: new Map() });

/**
 * The map section of one area's delta (node: the area's node index): the tick's entries under it,
 * at most `bound` added and `bound` state changes, the rest counted with those the tick already
 * left out under it.
 */
export function mapSection(pending: PendingMap, node: number, bound = MAX_MAP_CHANGES_PER_DELTA): MapDelta {
  const out: MapDelta = { added: emptyMapAdded(), states: emptyMapStates(), omitted: pending.omitted.get(node) ?? 0 };
  for (let k = 0; k < pending.addedNodes.length; k++) {
    if (!pending.addedNodes[k]!.includes(node)) continue;
    if (out.added.seqs.length < bound) copyMapAdded(out.added, pending.added, k);
    else out.omitted++;
  }
  for (let k = 0; k < pending.statesNodes.length; k++) {
    if (!pending.statesNodes[k]!.includes(node)) continue;
    if (out.states.seqs.length < bound) {
      out.states.seqs.push(pending.states.seqs[k]!);
      out.states.state.push(pending.states.state[k]!);
    } else out.omitted++;
  }
  return out;
}
