import { useMemo, useState } from 'react';
import type { LiveLayerId } from '../../map/layers/liveLayerIds.js';
import { useReplay, type ReplayStatus } from '../../map/replay/useReplay.js';
import { parseWallReplay, type WallReplayParams } from './wallReplayParams.js';

/** The URL's replay (`?replay=`), loaded for the wall's area and playing as soon as it is ready; null params: live. */
export function useWallReplay(area: string | null): { params: WallReplayParams | null; problems: string[]; replay: ReplayStatus } {
  const [{ replay: params, problems }] = useState(() => parseWallReplay(window.location.search));
  const request = useMemo(() => (params && area ? { area, from: params.from, to: params.to, speed: params.speed, end: params.end, autoplay: true } : null), [params, area]);
  const replay = useReplay(request, false);
  return { params, problems, replay };
}

/** While replaying, the map draws the replay and none of the live layers (they would mix two times). */
export const NO_LIVE_LAYERS: ReadonlySet<LiveLayerId> = new Set<LiveLayerId>();
