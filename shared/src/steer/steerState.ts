import type { Scene, SteerLayer, SteerMetric, TourAction } from './steerCommands.js';
import { TOUR_DEFAULT_S } from './steerCommands.js';
import type { CaseFocus, SteerState, SteerTour, WallShows } from './wallStatus.js';

/** A command with what it names looked up and checked against both areas (the server does that). */
export type ResolvedCommand =
  | { type: 'show-area'; area: string }
  | { type: 'show-case'; focus: CaseFocus }
  | { type: 'map'; metric?: SteerMetric | undefined; layers?: SteerLayer[] | undefined }
  | { type: 'tour'; action: TourAction; seconds?: number | undefined }
  | { type: 'scene'; scene: Scene }
  | { type: 'release' };

export type SteerOutcome = { ok: true; state: SteerState | null } | { ok: false; message: string; field: string };

export interface SteerContext {
  /** Server time, epoch ms. */
  now: number;
  /** The wall's own area. */
  wallScope: string;
  /** What the wall last reported showing (its own tour, when not steered). */
  shows: WallShows | null;
  /** An area's tour: the area, then the children a tour visits (none: just the area). */
  stopsOf(area: string): string[];
}

/**
 * The stops of a tour of `base`: the base, then its children a tour visits (the city's districts, a
 * district's streets), sorted, as the wall's own `?rotate=` tour does.
 */
export function tourStopsOf(base: string, children: readonly string[]): string[] {
  return [base, ...[...new Set(children)].sort()];
}

/** The stop a tour shows at `now`. */
export function currentStop(tour: SteerTour, now: number): number {
  if (tour.held || tour.stops.length <= 1) return tour.stop;
  const periods = Math.floor(Math.max(0, now - tour.since) / (tour.seconds * 1000));
  return (tour.stop + periods) % tour.stops.length;
}

/** The same tour described from its current stop: `since` the start of the period it is in. */
export function tourAt(tour: SteerTour, now: number): SteerTour {
  if (tour.held || tour.stops.length <= 1) return tour;
  const period = tour.seconds * 1000;
  const periods = Math.floor(Math.max(0, now - tour.since) / period);
  return { ...tour, stop: (tour.stop + periods) % tour.stops.length, since: tour.since + periods * period };
}

/** The area a steered state shows now: its tour's current stop, else its area. */
export function shownArea(state: SteerState, now: number): string {
  return state.tour ? (state.tour.stops[currentStop(state.tour, now)] ?? state.area) : state.area;
}

/** The wall's own view as a steered state, for the first command: the area and tour it reported. */
export function ownView(ctx: SteerContext): SteerState {
  const own = ctx.shows?.tour ?? null;
  const base = own?.base ?? ctx.shows?.area ?? ctx.wallScope;
  const stops = own && own.count > 1 ? ctx.stopsOf(base) : [];
  const tour: SteerTour | null =
    own && stops.length > 1 ? { stops, stop: Math.min(own.index, stops.length - 1), seconds: own.seconds > 0 ? own.seconds : TOUR_DEFAULT_S, held: own.held, since: ctx.now } : null;
  return { area: base, metric: null, layers: null, tour, focus: null, scene: null };
}

const noTour = (): SteerOutcome => ({ ok: false, message: 'the wall shows no tour: start one first (action start)', field: 'action' });

/**
 * The steered state after a command: pure, time and the wall's report come in the context. A
 * state of null hands the wall back to its own settings. A tour command on a wall that shows no
 * tour, or a tour of an area with nothing below it, is refused with the field to blame.
 */
export function applySteer(current: SteerState | null, command: ResolvedCommand, ctx: SteerContext): SteerOutcome {
  const now = ctx.now;
  const from = current ? { ...current, tour: current.tour ? tourAt(current.tour, now) : null } : ownView(ctx);
  switch (command.type) {
    case 'release':
      return { ok: true, state: null };
    case 'show-area':
      return { ok: true, state: { ...from, area: command.area, tour: null, focus: null, scene: null } };
    case 'show-case':
      return { ok: true, state: { ...from, focus: command.focus, tour: from.tour ? { ...from.tour, held: true } : null } };
    case 'map':
      return {
        ok: true,
        state: { ...from, metric: command.metric ?? from.metric, layers: command.layers ?? from.layers, scene: null },
      };
    case 'scene': {
      const { scene } = command;
      const stops = scene.tourSeconds > 0 ? ctx.stopsOf(scene.area) : [];
      const tour = stops.length > 1 ? { stops, stop: 0, seconds: scene.tourSeconds, held: false, since: now } : null;
      return { ok: true, state: { area: scene.area, metric: scene.metric, layers: [...scene.layers], tour, focus: null, scene: { id: scene.id, name: scene.name } } };
    }
    case 'tour':
      return tourCommand(from, command.action, command.seconds, ctx);
  }
}

function tourCommand(from: SteerState, action: TourAction, seconds: number | undefined, ctx: SteerContext): SteerOutcome {
  const now = ctx.now;
  const tour = from.tour;
  switch (action) {
    case 'start': {
      const base = shownArea(from, now);
      const stops = ctx.stopsOf(base);
      if (stops.length <= 1) return { ok: false, message: `area ${base} has nothing below it to tour: show a district or the city first`, field: 'action' };
      const period = seconds ?? tour?.seconds ?? TOUR_DEFAULT_S;
      return { ok: true, state: { ...from, area: base, tour: { stops, stop: 0, seconds: period, held: false, since: now }, focus: null } };
    }
    case 'hold':
      if (!tour) return noTour();
      return { ok: true, state: { ...from, tour: { ...tour, held: true, ...(seconds ? { seconds } : {}) } } };
    case 'resume':
      if (!tour) return noTour();
      return { ok: true, state: { ...from, tour: { ...tour, held: false, since: now, ...(seconds ? { seconds } : {}) }, focus: null } };
    case 'next':
    case 'previous': {
      if (!tour) return noTour();
      const n = tour.stops.length;
      const stop = (tour.stop + (action === 'next' ? 1 : n - 1)) % n;
      return { ok: true, state: { ...from, tour: { ...tour, stop, since: now, ...(seconds ? { seconds } : {}) }, focus: null } };
    }
  }
}
