import type { WallStrings } from '../../i18n/strings.js';
import { LANGS, type Lang } from '../../i18n/strings.js';
import { SCALE_MODES, type ScaleMode } from '../layout/canvasScale.js';
import { CELL_METRICS, LIVE_LAYERS, type CellMetric, type LiveLayerId } from '../../map/layers/liveLayerIds.js';
import { parseAreaParam, type AreaParam } from '../../area/selection.js';
import { REPLAY_PARAMS } from '../replay/wallReplayParams.js';
import { DEFAULT_MAP_POINT_CAP, MAX_MAP_POINT_CAP, MIN_MAP_POINT_CAP } from '../../live/caseColumnsSync.js';

/** The wall's kiosk options: everything comes from the URL, nothing from controls on screen. */
export interface WallOptions {
  /** `?area=`: the area framed and followed (the city when absent or invalid). */
  area: AreaParam;
  /** `?mode=`: how the design canvas is scaled to the screen (see canvasScale.ts). */
  mode: ScaleMode;
  /** `?rotate=`: seconds per area of a district tour; 0 = off. */
  rotateSeconds: number;
  /** `?lang=`: zh (default) or en. */
  lang: Lang;
  /** `?alarm=`: seconds an alarm takes the wall over (new 重大 case, serious case overdue); 0 = off. */
  alarmSeconds: number;
  /** `?metric=`: the grid-cell figure the choropleth colours (open cases by default). */
  metric: CellMetric;
  /** `?layers=`: the live map layers drawn; null = the default (see defaultLiveLayers). */
  layers: ReadonlySet<LiveLayerId> | null;
  /** `?points=`: open cases drawn on the map at most; the rest are counted and shown as a number. */
  points: number;
  /** `?debug=1`: map state (zoom, loaded detail, the selected area) in the status line, for whoever sets the wall up. */
  debug: boolean;
}

export const DEFAULT_OPTIONS: WallOptions = { area: { kind: 'none' }, mode: 'fit', rotateSeconds: 0, lang: 'zh', alarmSeconds: 15, metric: 'open', layers: null, points: DEFAULT_MAP_POINT_CAP, debug: false };

/** Slower than this a tour is pointless, faster it is unreadable from across the room (seconds). */
export const ROTATE_MIN_S = 10;
export const ROTATE_MAX_S = 3600;
/** An alarm shorter than this cannot be read; longer, it holds the wall from its tour too long (seconds). */
export const ALARM_MIN_S = 5;
export const ALARM_MAX_S = 300;

const KNOWN = ['area', 'mode', 'rotate', 'lang', 'alarm', 'metric', 'layers', 'points', 'debug'] as const;
/** `?debug` alone, or one of these, turns debug on or off. */
const DEBUG_VALUES: ReadonlyMap<string, boolean> = new Map([['', true], ['1', true], ['true', true], ['on', true], ['0', false], ['false', false], ['off', false]]);
type Known = (typeof KNOWN)[number];

/** Something wrong in the URL: shown as a small notice on the wall, never an error page. */
export type OptionNotice =
  | { kind: 'unknown'; param: string }
  | { kind: 'repeated'; param: Known }
  | { kind: 'invalid'; param: Known; value: string };

/** Values echoed back in notices are cut to this many characters (a URL can be long). */
const ECHO_MAX = 40;
const echo = (value: string): string => (value.length > ECHO_MAX ? `${value.slice(0, ECHO_MAX)}…` : value);

/**
 * Parses and validates the URL's options. Invalid or unknown values never throw: each falls back
 * to its default and yields a notice. A parameter given twice uses its first value.
 */
export function parseWallOptions(search: string): { options: WallOptions; notices: OptionNotice[] } {
  const params = new URLSearchParams(search);
  const notices: OptionNotice[] = [];
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (seen.has(name)) continue;
    seen.add(name);
    if (REPLAY_PARAMS.includes(name)) continue; // read by the replay (wall/replay/wallReplayParams.ts)
    if (!(KNOWN as readonly string[]).includes(name)) notices.push({ kind: 'unknown', param: echo(name) });
    else if (params.getAll(name).length > 1) notices.push({ kind: 'repeated', param: name as Known });
  }
  const options: WallOptions = { ...DEFAULT_OPTIONS };
  const invalid = (param: Known, value: string) => notices.push({ kind: 'invalid', param, value: echo(value) });

  const area = params.get('area');
  if (area !== null) {
    // parseAreaParam reads the first value too; it is the one place that knows area codes.
    options.area = parseAreaParam(`?${new URLSearchParams({ area }).toString()}`);
    if (options.area.kind === 'invalid') invalid('area', area);
  }

  /** A value from `known` (case-insensitive), or null. */
  const oneOf = <T extends string>(value: string, known: readonly T[]): T | null => {
    const v = value.trim().toLowerCase();
    return (known as readonly string[]).includes(v) ? (v as T) : null;
  };
  /** Whole seconds: 0 (off) or in [min, max], else null. */
  const seconds = (value: string, min: number, max: number): number | null => {
    const v = value.trim();
    const n = /^\d{1,6}$/.test(v) ? Number(v) : Number.NaN;
    return n === 0 || (n >= min && n <= max) ? n : null;
  };

  const mode = params.get('mode');
  if (mode !== null) {
    const m = oneOf(mode, SCALE_MODES);
    if (m !== null) options.mode = m;
    else invalid('mode', mode);
  }

  const rotate = params.get('rotate');
  if (rotate !== null) {
    const s = seconds(rotate, ROTATE_MIN_S, ROTATE_MAX_S);
    if (s !== null) options.rotateSeconds = s;
    else invalid('rotate', rotate);
  }

  const alarm = params.get('alarm');
  if (alarm !== null) {
    const s = seconds(alarm, ALARM_MIN_S, ALARM_MAX_S);
    if (s !== null) options.alarmSeconds = s;
    else invalid('alarm', alarm);
  }

  const lang = params.get('lang');
  if (lang !== null) {
    // zh-CN, zh-Hans, en-US ... count as their language.
    const primary = lang.trim().toLowerCase().split(/[-_]/)[0] ?? '';
    if ((LANGS as readonly string[]).includes(primary)) options.lang = primary as Lang;
    else invalid('lang', lang);
  }

  const metric = params.get('metric');
  if (metric !== null) {
    const m = oneOf(metric, CELL_METRICS);
    if (m !== null) options.metric = m;
    else invalid('metric', metric);
  }

  const layers = params.get('layers');
  if (layers !== null) {
    // A comma list; an empty value means no live layers. One unknown name rejects the whole list
    // (a half-applied list would hide the mistake).
    const names = layers.split(',').map((n) => n.trim().toLowerCase()).filter((n) => n !== '');
    if (names.every((n) => (LIVE_LAYERS as readonly string[]).includes(n))) options.layers = new Set(names as LiveLayerId[]);
    else invalid('layers', layers);
  }

  const points = params.get('points');
  if (points !== null) {
    const n = /^\d{1,7}$/.test(points.trim()) ? Number(points.trim()) : Number.NaN;
    if (n >= MIN_MAP_POINT_CAP && n <= MAX_MAP_POINT_CAP) options.points = n;
    else invalid('points', points);
  }

  const debug = params.get('debug');
  if (debug !== null) {
    const on = DEBUG_VALUES.get(debug.trim().toLowerCase());
    if (on !== undefined) options.debug = on;
    else invalid('debug', debug);
  }
  return { options, notices };
}

/** A notice in the wall's language. */
export function noticeText(notice: OptionNotice, t: WallStrings): string {
  switch (notice.kind) {
    case 'unknown':
      return t.notice.unknownParam(notice.param);
    case 'repeated':
      return t.notice.repeatedParam(notice.param);
    case 'invalid':
      switch (notice.param) {
        case 'area':
          return t.notice.invalidArea(notice.value);
        case 'mode':
          return t.notice.invalidMode(notice.value, DEFAULT_OPTIONS.mode);
        case 'rotate':
          return t.notice.invalidRotate(notice.value, ROTATE_MIN_S, ROTATE_MAX_S);
        case 'lang':
          return t.notice.invalidLang(notice.value);
        case 'alarm':
          return t.notice.invalidAlarm(notice.value, ALARM_MIN_S, ALARM_MAX_S, DEFAULT_OPTIONS.alarmSeconds);
        case 'metric':
          return t.notice.invalidMetric(notice.value, CELL_METRICS.join(', '), DEFAULT_OPTIONS.metric);
        case 'layers':
          return t.notice.invalidLayers(notice.value, LIVE_LAYERS.join(', '));
        case 'points':
          return t.notice.invalidPoints(notice.value, MIN_MAP_POINT_CAP, MAX_MAP_POINT_CAP, DEFAULT_OPTIONS.points);
        case 'debug':
          return t.notice.invalidDebug(notice.value);
      }
  }
}
