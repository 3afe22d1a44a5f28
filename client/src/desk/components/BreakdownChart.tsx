import { useEffect, useMemo, useRef, useState } from 'react';
import type { ECharts, WallChartOption } from '../../charts/echartsCore.js';
import type { Breakdown } from '../api/deskApi.js';
import { lastOf, type Loaded } from '../hooks/useLoaded.js';
import type { DeskStrings } from '../i18n/deskStrings.js';

interface Props {
  t: DeskStrings;
  title: string;
  name: string;
  breakdown: Loaded<Breakdown>;
  theme: 'light' | 'dark';
  /** A bar was clicked: its bucket key becomes a filter. */
  onBar: (key: string) => void;
}

/** Horizontal bars of a breakdown, largest first; the key of each bar travels as its data name. */
export function barOption(b: Breakdown, theme: 'light' | 'dark'): WallChartOption {
  const rows = b.buckets.filter((x) => x.count > 0).sort((x, y) => x.count - y.count);
  const text = theme === 'dark' ? '#c8d6e8' : '#33414f';
  return {
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', axisLabel: { color: text }, splitLine: { lineStyle: { color: theme === 'dark' ? '#23344a' : '#e3e8ee' } } },
    yAxis: { type: 'category', data: rows.map((x) => x.name), axisLabel: { color: text } },
    series: [
      {
        type: 'bar',
        data: rows.map((x) => ({ value: x.count, name: x.key })),
        itemStyle: { color: '#2f7de1' },
        label: { show: true, position: 'right', color: text },
        cursor: 'pointer',
      },
    ],
  };
}

/** A breakdown as bars (echarts, loaded on first use); a bar adds its filter, the chart saves as PNG. */
export function BreakdownChart({ t, title, name, breakdown, theme, onBar }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<ECharts | null>(null);
  const onBarRef = useRef(onBar);
  onBarRef.current = onBar;
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let created: ECharts | null = null;
    let disposed = false;
    const resize = new ResizeObserver(() => created?.resize());
    import('../../charts/echartsCore.js').then(
      ({ init }) => {
        if (disposed) return;
        created = init(element, null, { renderer: 'canvas' });
        created.on('click', (params) => {
          const key = (params.data as { name?: string } | undefined)?.name;
          if (typeof key === 'string') onBarRef.current(key);
        });
        resize.observe(element);
        setChart(created);
      },
      (error: unknown) => console.error(`the ${name} chart could not load echarts:`, error),
    );
    return () => {
      disposed = true;
      resize.disconnect();
      created?.dispose();
      setChart(null);
    };
  }, [name]);
  const data = lastOf(breakdown);
  const option = useMemo(() => (data ? barOption(data, theme) : null), [data, theme]);
  // Where each bar is drawn (its centre, CSS px in the chart): lets a test click the canvas itself.
  const [bars, setBars] = useState('');
  useEffect(() => {
    if (!chart || !option || !data) return;
    chart.setOption(option, true);
    const rows = data.buckets.filter((x) => x.count > 0).sort((x, y) => x.count - y.count);
    const centres = Object.fromEntries(
      rows.map((row, i) => {
        const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [row.count / 2, i]) as number[];
        return [row.key, [Math.round(x ?? 0), Math.round(y ?? 0)]];
      }),
    );
    setBars(JSON.stringify(centres));
  }, [chart, option, data]);
  const savePng = () => {
    if (!chart) return;
    const a = document.createElement('a');
    a.href = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: theme === 'dark' ? '#0d1726' : '#ffffff' });
    a.download = `${name}.png`;
    a.click();
  };
  return (
    <section className="desk-panel desk-chart" data-testid={`desk-chart-${name}`} data-total={data?.total ?? ''} data-sum={data ? data.buckets.reduce((s, b) => s + b.count, 0) : ''} data-bars={bars} aria-busy={breakdown.status === 'loading'}>
      <h2>
        {title}
        <button type="button" className="desk-png" onClick={savePng} disabled={!chart} data-testid={`desk-png-${name}`}>
          {t.charts.png}
        </button>
      </h2>
      {breakdown.status === 'error' ? <p className="desk-error">{breakdown.message}</p> : null}
      <div className="desk-chart-body" ref={ref} />
      {/* The bars as buttons too: for the keyboard, screen readers and tests. */}
      <ul className="desk-chart-keys">
        {data?.buckets
          .filter((b) => b.count > 0)
          .map((b) => (
            <li key={b.key}>
              <button type="button" data-key={b.key} data-count={b.count} onClick={() => onBar(b.key)}>
                {b.name} {b.count}
              </button>
            </li>
          ))}
      </ul>
    </section>
  );
}
