import { z } from 'zod';
import type { Urgency } from '../cases/caseModel.js';
import { STEER_LAYERS, STEER_METRICS, STEER_VERSION, TOUR_MAX_S, type SteerLayer, type SteerMetric } from './steerCommands.js';

/** A steered tour: `stops` (the base area first, then its children), one every `seconds`. */
export interface SteerTour {
  stops: string[];
  /** The stop shown at `since` (0-based). */
  stop: number;
  seconds: number;
  /** Held on `stop`: it does not move on. */
  held: boolean;
  /** Server time (epoch ms) `stop` began; the wall counts its periods from when it receives the state. */
  since: number;
}

/** A case a commander opened on the wall: where to fly and what its card says (no personal data). */
export interface CaseFocus {
  id: string;
  category: string;
  urgency: Urgency;
  grid: string;
  lon: number;
  lat: number;
  /** ISO time it was reported. */
  reportedAt: string;
}

/** What a steered wall shows: the server's record, sent whole to the wall (wall:steer). */
export interface SteerState {
  /** The area framed and followed; with a tour, its base (stops[0]). */
  area: string;
  /** null: the wall's own (its URL's). */
  metric: SteerMetric | null;
  layers: SteerLayer[] | null;
  tour: SteerTour | null;
  /** A case card held open (the tour, if any, is held meanwhile). */
  focus: CaseFocus | null;
  /** The scene last applied, while nothing changed it since. */
  scene: { id: string; name: string } | null;
}

/** Who steers a wall and until when their lock holds without a new command. */
export interface SteerLock {
  username: string;
  name: string;
  /** Epoch ms: taken, last command, and when it lapses (last command + the idle timeout). */
  since: number;
  activeAt: number;
  expiresAt: number;
}

/** Server → wall: the whole steered state (null: back to the wall's own tour). */
export interface WallSteer {
  v: typeof STEER_VERSION;
  /** Grows with every change of this wall's state (a wall reports the one it shows). */
  seq: number;
  /** Server time it was sent (epoch ms): the wall places a running tour's period by `at - tour.since`, whatever its own clock says. */
  at: number;
  steer: SteerState | null;
  by: { username: string; name: string } | null;
}

const code = z.string().regex(/^\d{6}(\d{3}){0,4}$/);

/** Wall → server (wall:report): what the wall shows now, sent when it changes. */
export const WallReport = z.strictObject({
  v: z.literal(STEER_VERSION),
  /** The area shown now (the tour's current stop). */
  area: code,
  tour: z
    .strictObject({
      base: code,
      index: z.number().int().min(0).max(999),
      count: z.number().int().min(1).max(1000),
      seconds: z.number().int().min(0).max(TOUR_MAX_S),
      held: z.boolean(),
    })
    .nullable(),
  takeover: z.strictObject({ caseId: z.string().max(64), kind: z.enum(['major', 'overdue', 'steered']) }).nullable(),
  metric: z.enum(STEER_METRICS),
  layers: z.array(z.enum(STEER_LAYERS)).max(STEER_LAYERS.length),
  /** The wall:steer seq it shows; null: its own settings. */
  steerSeq: z.number().int().min(0).nullable(),
});
export type WallReport = z.infer<typeof WallReport>;

/** A wall's report as the server keeps it (one per device): when it came, server time. */
export type WallShows = Omit<WallReport, 'v'> & { at: number };

/** GET /api/walls, walls:status: a wall as a tablet sees it. */
export interface WallStatus {
  v: typeof STEER_VERSION;
  /** The display device's id. */
  device: string;
  label: string;
  /** The wall's own area. */
  scope: string;
  online: boolean;
  /** What it last reported showing; null before its first report. */
  shows: WallShows | null;
  steer: SteerState | null;
  lock: SteerLock | null;
  /** The seq of the state above (the wall shows it when shows.steerSeq equals it). */
  seq: number;
}

/** Tablet → server: watch the walls of one's area (walls:watch). */
export const WatchRequest = z.strictObject({ v: z.literal(STEER_VERSION, { error: `protocol version must be ${STEER_VERSION}` }) });
export type WatchRequest = z.infer<typeof WatchRequest>;

export type WatchReply = { ok: true; walls: WallStatus[] } | { ok: false; code: 'bad_request' | 'forbidden' | 'version'; message: string };
