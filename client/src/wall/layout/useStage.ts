import { useEffect, useState } from 'react';
import { computeStage, type ScaleMode, type Stage } from './canvasScale.js';

function measure(mode: ScaleMode): Stage {
  return computeStage({ width: window.innerWidth, height: window.innerHeight, dpr: window.devicePixelRatio || 1, mode });
}

const sameStage = (a: Stage, b: Stage): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The stage for the window as it is now, updated on resize and when the device pixel ratio changes. */
export function useStage(mode: ScaleMode): Stage {
  const [stage, setStage] = useState(() => measure(mode));
  useEffect(() => {
    const update = (): void => setStage((previous) => {
      const next = measure(mode);
      return sameStage(previous, next) ? previous : next;
    });
    update();
    window.addEventListener('resize', update);
    // The ratio can change with no resize (a window moved to another screen): a media query on
    // the current ratio fires once when it stops matching, and is then set up for the new one.
    let query: MediaQueryList | null = null;
    const watchRatio = (): void => {
      query?.removeEventListener('change', onRatio);
      query = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
      query.addEventListener('change', onRatio);
    };
    const onRatio = (): void => {
      update();
      watchRatio();
    };
    watchRatio();
    return () => {
      window.removeEventListener('resize', update);
      query?.removeEventListener('change', onRatio);
    };
  }, [mode]);
  return stage;
}
