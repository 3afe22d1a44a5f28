import { useEffect, useState } from 'react';

/** The time (epoch ms), updated every `periodMs`: for clocks and the freshness line, not for animation. */
export function useNow(periodMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return now;
}
