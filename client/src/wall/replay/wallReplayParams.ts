import { DEFAULT_SPEED, type ReplayEnd } from '../../map/replay/replayClock.js';
import { replayPeriod } from '../../map/replay/replayPeriod.js';

/** `?replay=YYYY-MM-DD[..YYYY-MM-DD]&speed=&end=`: the wall plays that period instead of the live view. */
export interface WallReplayParams {
  from: number;
  to: number;
  /** The `replay` value as given (the badge shows it). */
  label: string;
  speed: number;
  end: ReplayEnd;
}

/** The URL parameters the replay reads (the wall's other options leave them alone). */
export const REPLAY_PARAMS: readonly string[] = ['replay', 'speed', 'end'];

/** Replay seconds per wall second the URL may ask for. */
export const MIN_WALL_SPEED = 1;
export const MAX_WALL_SPEED = 86_400;

/**
 * The replay the URL asks for, or null (live). A malformed speed or end falls back to its default
 * with a problem named, like the wall's other options; a malformed period is no replay, named.
 */
export function parseWallReplay(search: string): { replay: WallReplayParams | null; problems: string[] } {
  const params = new URLSearchParams(search);
  const value = params.get('replay');
  const problems: string[] = [];
  if (value === null) return { replay: null, problems };
  const [fromDay = '', toDay = ''] = value.split('..');
  const period = replayPeriod(fromDay, toDay);
  if (!period) return { replay: null, problems: [`replay: ${value.slice(0, 40)}`] };
  const speedValue = params.get('speed');
  let speed = DEFAULT_SPEED;
  if (speedValue !== null) {
    const n = Number(speedValue);
    if (speedValue.trim() !== '' && Number.isFinite(n) && n >= MIN_WALL_SPEED && n <= MAX_WALL_SPEED) speed = n;
    else problems.push(`speed: ${speedValue.slice(0, 40)}`);
  }
  const endValue = params.get('end') ?? 'loop';
  const end: ReplayEnd = endValue === 'stop' ? 'stop' : 'loop';
  if (endValue !== 'stop' && endValue !== 'loop') problems.push(`end: ${endValue.slice(0, 40)}`);
  return { replay: { ...period, label: value, speed, end }, problems };
}
