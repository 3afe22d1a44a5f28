import { useMemo } from 'react';
import type { LiveSocket } from '../../../../shared/src/live/socketFeed.js';
import type { SteerState, WallSteer } from '../../../../shared/src/steer/wallStatus.js';
import type { AreaParam } from '../../area/selection.js';
import type { CellMetric, LiveLayerId } from '../../map/layers/liveLayerIds.js';
import type { TakeoverItem } from '../alerts/takeover.js';
import { stopParam } from '../state/tour.js';
import { focusItem, tourStartedAt } from './steeredView.js';
import { useSteer } from './useSteer.js';
import { useSteeredTour } from './useSteeredTour.js';

export interface SteeredWall {
  /** The steered state (null: the wall's own settings). */
  state: SteerState | null;
  seq: number;
  by: WallSteer['by'];
  /** What replaces the wall's own settings while steered; null where the wall keeps its own. */
  param: AreaParam | null;
  metric: CellMetric | null;
  layers: ReadonlySet<LiveLayerId> | null;
  /** The steered tour's position. */
  tour: { base: string; index: number; count: number; seconds: number; held: boolean } | null;
  /** A case a commander opened (shown like an alarm takeover, until the next command). */
  focus: TakeoverItem | null;
}

/**
 * The wall as its commander steers it (README "Steering the wall"), from the live connection's
 * wall:steer messages. `alarming` (an alarm takeover) holds a steered tour like the wall's own.
 */
export function useSteeredWall(socket: LiveSocket | null, alarming: boolean): SteeredWall {
  const { message, receivedAt } = useSteer(socket);
  const state = message?.steer ?? null;
  const startedAt = useMemo(() => (message ? tourStartedAt(message, receivedAt) : 0), [message, receivedAt]);
  const seq = message?.seq ?? 0;
  const focus = useMemo(() => (state?.focus ? focusItem(state.focus, seq) : null), [state, seq]);
  const index = useSteeredTour(state?.tour ?? null, startedAt, alarming || focus !== null);
  const layers = useMemo(() => (state?.layers ? new Set<LiveLayerId>(state.layers) : null), [state]);
  const tour = state?.tour ?? null;
  const shown = tour ? (tour.stops[index] ?? state!.area) : (state?.area ?? null);
  const param = useMemo(() => (shown ? stopParam(shown) : null), [shown]);
  return {
    state,
    seq,
    by: message?.by ?? null,
    param,
    metric: state?.metric ?? null,
    layers,
    tour: tour ? { base: tour.stops[0] ?? state!.area, index, count: tour.stops.length, seconds: tour.seconds, held: tour.held || focus !== null } : null,
    focus,
  };
}
