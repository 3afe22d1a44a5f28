import { z } from 'zod';

/** Protocol version of the steering messages (wall:steer, wall:report, walls:status). */
export const STEER_VERSION = 1;

/**
 * The map layers a steered wall can draw (the wall's `?layers=`), bottom to top: the live ones,
 * then 党建引领's (`coverage`: grid cells by their own organisation, a district or below;
 * `centres`: 党群服务中心).
 */
export const STEER_LAYERS = ['choropleth', 'heatmap', 'points', 'workers', 'coverage', 'centres'] as const;
export type SteerLayer = (typeof STEER_LAYERS)[number];
/** The grid-cell figure the choropleth colours (the wall's `?metric=`). */
export const STEER_METRICS = ['open', 'overdue', 'new', 'per10k'] as const;
export type SteerMetric = (typeof STEER_METRICS)[number];

/** Seconds per tour stop: as the wall's `?rotate=` (slower is pointless, faster unreadable). */
export const TOUR_MIN_S = 10;
export const TOUR_MAX_S = 3600;
/** A tour started without `seconds`. */
export const TOUR_DEFAULT_S = 30;

export const TOUR_ACTIONS = ['start', 'hold', 'resume', 'next', 'previous'] as const;
export type TourAction = (typeof TOUR_ACTIONS)[number];

const areaCode = z.string({ error: 'is required' }).regex(/^\d{6}(\d{3}){0,4}$/, 'must be an area code (6, 9, 12, 15 or 18 digits)');
const metric = z.enum(STEER_METRICS, { error: `must be one of ${STEER_METRICS.join(', ')}` });
const layers = z
  .array(z.enum(STEER_LAYERS, { error: `must be one of ${STEER_LAYERS.join(', ')}` }), { error: 'must be a list of layers' })
  .max(STEER_LAYERS.length, `at most ${STEER_LAYERS.length} layers`)
  .refine((l) => new Set(l).size === l.length, 'names a layer twice');
const tourSeconds = z
  .number({ error: 'must be a number of seconds' })
  .int('must be whole seconds')
  .min(TOUR_MIN_S, `must be ${TOUR_MIN_S}–${TOUR_MAX_S} seconds`)
  .max(TOUR_MAX_S, `must be ${TOUR_MIN_S}–${TOUR_MAX_S} seconds`);

/** POST /api/walls/:device/commands: what a commander tells one wall to do. */
export const SteerCommand = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('show-area'), area: areaCode }),
    z.strictObject({ type: z.literal('show-case'), caseId: z.string({ error: 'is required' }).min(1, 'is required').max(64, 'must be at most 64 characters') }),
    z
      .strictObject({ type: z.literal('map'), metric: metric.optional(), layers: layers.optional() })
      .refine((c) => c.metric !== undefined || c.layers !== undefined, { message: 'give metric, layers or both', path: ['metric'] }),
    z.strictObject({
      type: z.literal('tour'),
      action: z.enum(TOUR_ACTIONS, { error: `must be one of ${TOUR_ACTIONS.join(', ')}` }),
      seconds: tourSeconds.optional(),
    }),
    z.strictObject({ type: z.literal('scene'), scene: z.string({ error: 'is required' }).min(1, 'is required').max(64, 'must be at most 64 characters') }),
    z.strictObject({ type: z.literal('release') }),
  ],
  { error: 'type: must be one of show-area, show-case, map, tour, scene, release' },
);
export type SteerCommand = z.infer<typeof SteerCommand>;
export type SteerCommandType = SteerCommand['type'];

/** POST /api/scenes: a named scene of an area, shared by every wall of the area. */
export const NewScene = z.strictObject({
  name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(40, 'must be at most 40 characters'),
  area: areaCode,
  metric,
  layers,
  /** 0: no tour, the area alone. */
  tourSeconds: z.union([z.literal(0), tourSeconds], { error: `must be 0 (no tour) or ${TOUR_MIN_S}–${TOUR_MAX_S} seconds` }),
});
export type NewScene = z.infer<typeof NewScene>;

export interface Scene extends NewScene {
  id: string;
  /** The commander who saved it (user name) and when (epoch ms). */
  createdBy: string;
  createdAt: number;
}
