import { STEER_LAYERS, STEER_VERSION, type SteerLayer } from '../../../../shared/src/steer/steerCommands.js';
import type { CaseFocus, SteerTour, WallReport, WallSteer } from '../../../../shared/src/steer/wallStatus.js';
import type { CellMetric, LiveLayerId } from '../../map/layers/liveLayerIds.js';
import type { TakeoverItem } from '../alerts/takeover.js';

/** The steering messages name the wall's own metrics and layers: the types agree, or this fails to compile. */
const _metricsAgree: readonly CellMetric[] = [] as NonNullable<NonNullable<WallSteer['steer']>['metric']>[];
const _layersAgree: readonly LiveLayerId[] = STEER_LAYERS;
void _metricsAgree;
void _layersAgree;

/**
 * Local time (ms) the steered tour's current period began: the message says how far into it the
 * server was when sending (`at - since`), so the wall's clock need not agree with the server's.
 */
export function tourStartedAt(message: WallSteer, receivedAt: number): number {
  const tour = message.steer?.tour;
  return tour ? receivedAt - Math.max(0, message.at - tour.since) : receivedAt;
}

/** The stop a steered tour shows at local `now`, its period having begun at local `startedAt`. */
export function steeredStop(tour: SteerTour, startedAt: number, now: number): number {
  const n = tour.stops.length;
  if (tour.held || n <= 1 || tour.seconds <= 0) return tour.stop;
  return (tour.stop + Math.floor(Math.max(0, now - startedAt) / (tour.seconds * 1000))) % n;
}

/** A case a commander opened, as the takeover card shows it. */
export function focusItem(focus: CaseFocus, seq: number): TakeoverItem {
  const at = Date.parse(focus.reportedAt);
  return {
    key: `steer:${seq}:${focus.id}`,
    kind: 'steered',
    caseId: focus.id,
    category: focus.category,
    urgency: focus.urgency,
    grid: focus.grid,
    position: [focus.lon, focus.lat],
    at: Number.isFinite(at) ? at : Number.NaN,
  };
}

/** What the wall shows, in the shape it reports it (wall:report). */
export interface ShownState {
  area: string;
  tour: { base: string; index: number; count: number; seconds: number; held: boolean } | null;
  takeover: TakeoverItem | null;
  metric: CellMetric;
  layers: ReadonlySet<LiveLayerId>;
  steerSeq: number | null;
}

const STEERABLE: ReadonlySet<string> = new Set(STEER_LAYERS);

/** The report of what the wall shows (the layers steering knows of, in their drawing order). */
export function wallReport(shown: ShownState): WallReport {
  return {
    v: STEER_VERSION,
    area: shown.area,
    tour: shown.tour,
    takeover: shown.takeover ? { caseId: shown.takeover.caseId, kind: shown.takeover.kind } : null,
    metric: shown.metric,
    layers: [...shown.layers].filter((l): l is SteerLayer => STEERABLE.has(l)).sort((a, b) => STEER_LAYERS.indexOf(a) - STEER_LAYERS.indexOf(b)),
    steerSeq: shown.steerSeq,
  };
}
