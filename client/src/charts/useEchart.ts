import { useEffect, useRef, useState, type RefObject } from 'react';
import type { ECharts, WallChartOption } from './echartsCore.js';

/**
 * One echarts instance on the returned element, at `pixelRatio` device pixels per design unit
 * (charts sit inside the CSS-scaled canvas: fewer pixels and the transform would blur them on a
 * 4K wall), updated with setOption whenever `option` changes identity.
 *
 * echarts cannot change its pixel ratio after init: a new ratio (window resized or moved to another
 * screen, rare on a wall) re-creates the chart; data updates never do. echarts (~155 kB gz) is
 * loaded after first paint: the map and figures do not wait for it.
 */
export function useEchart(pixelRatio: number, option: WallChartOption | null, name: string): RefObject<HTMLDivElement | null> {
  const ref = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<ECharts | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let disposed = false;
    let created: ECharts | null = null;
    const resize = new ResizeObserver(() => created?.resize());
    import('./echartsCore.js').then(
      ({ init }) => {
        if (disposed) return;
        created = init(element, null, { renderer: 'canvas', devicePixelRatio: pixelRatio });
        resize.observe(element);
        setChart(created);
      },
      (error: unknown) => console.error(`the ${name} could not load echarts:`, error),
    );
    return () => {
      disposed = true;
      resize.disconnect();
      created?.dispose();
      setChart(null);
    };
  }, [pixelRatio, name]);
  useEffect(() => {
    if (option) chart?.setOption(option);
  }, [chart, option]);
  return ref;
}
