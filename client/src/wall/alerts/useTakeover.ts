import { useCallback, useEffect, useState } from 'react';
import type { FeedView } from '../../../../shared/src/live/areaFeed.js';
import { useStepTimer } from '../boards/useStepTimer.js';
import { TAKEOVER_DEFAULTS, TakeoverQueue, type TakeoverItem } from './takeover.js';

/** The alarm takeover of the followed feed: the item holding the wall now, or null. `showMs` 0 = off. */
export function useTakeover(view: FeedView | null, showMs: number): TakeoverItem | null {
  const [queue] = useState(() => new TakeoverQueue({ ...TAKEOVER_DEFAULTS, showMs }));
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  useEffect(() => {
    if (!view || showMs <= 0) return;
    queue.receive(view.area, view.latest, view.alerts, Date.now());
    bump();
  }, [queue, view, showMs, bump]);
  useStepTimer(queue, version, bump);
  return queue.current;
}
