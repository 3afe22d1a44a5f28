import { categoryCode, stateCode, urgencyCode } from '../columnar/caseColumns.js';

/**
 * The map's part of an area delta (`AreaDelta.map`, sent only to a subscription that asked for it
 * with `map: true`): every open case the tick added to the area and every state change of the
 * tick, as parallel columns in the codes of `shared/src/columnar/caseColumns.ts` (stateCode,
 * urgencyCode, categoryCode), so a screen that holds all of an area's cases as columns keeps them
 * in step without loading the area again. Cases are named by their store `seq` (the key of the
 * case columns' points), not their id.
 *
 * Bounded: at most MAX_MAP_CHANGES_PER_DELTA added cases and as many state changes per delta
 * (at 1,000 new cases and 1,000 changes a second a tick holds about 250 of each, for the whole
 * city); what is left out is counted in `omitted`, and a screen that sees it loads the area again.
 */
export const MAX_MAP_CHANGES_PER_DELTA = 5_000;

/** Cases added in the tick, open ones only: column k of each array is case k. */
export interface MapAdded {
  /** The cases' store seqs. */
  seqs: number[];
  /** Degrees (WGS84). */
  lon: number[];
  lat: number[];
  urgency: number[];
  state: number[];
  category: number[];
  /** When reported, epoch ms. */
  reported: number[];
}

/** State changes of the tick, in the order they happened (a closed or rejected case leaves the map). */
export interface MapStates {
  /** The cases' store seqs. */
  seqs: number[];
  state: number[];
}

export interface MapDelta {
  added: MapAdded;
  states: MapStates;
  /** Added cases and state changes of the tick under the area that this section left out. */
  omitted: number;
}

/** A case as the map section takes it (a subset of Case and of CaseSummary). */
export interface MapCase {
  /** The case's store seq. */
  seq: number;
  lon: number;
  lat: number;
  urgency: string;
  status: string;
  category: string;
  /** Epoch ms. */
  reportedMs: number;
}

export function emptyMapAdded(): MapAdded {
  return { seqs: [], lon: [], lat: [], urgency: [], state: [], category: [], reported: [] };
}

export function emptyMapStates(): MapStates {
  return { seqs: [], state: [] };
}

export function pushMapAdded(to: MapAdded, c: MapCase): void {
  to.seqs.push(c.seq);
  to.lon.push(c.lon);
  to.lat.push(c.lat);
  to.urgency.push(urgencyCode(c.urgency));
  to.state.push(stateCode(c.status));
  to.category.push(categoryCode(c.category));
  to.reported.push(c.reportedMs);
}

/** Copies entry k of `from` to the end of `to`. */
export function copyMapAdded(to: MapAdded, from: MapAdded, k: number): void {
  to.seqs.push(from.seqs[k]!);
  to.lon.push(from.lon[k]!);
  to.lat.push(from.lat[k]!);
  to.urgency.push(from.urgency[k]!);
  to.state.push(from.state[k]!);
  to.category.push(from.category[k]!);
  to.reported.push(from.reported[k]!);
}
