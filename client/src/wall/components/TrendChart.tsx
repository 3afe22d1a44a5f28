import { useMemo } from 'react';
import type { TrendSeries } from '../../../../shared/src/kpi/trend.js';
import { trendOption, type TrendChartStyle } from '../../charts/trendOption.js';
import { useEchart } from '../../charts/useEchart.js';
import { useStrings } from '../../i18n/useStrings.js';
import { darkTheme, TEXT } from '../../theme.js';

const STYLE: TrendChartStyle = {
  fontFamily: darkTheme.fontFamily,
  fontSize: TEXT.min,
  labelColor: '#8ea6c4',
  gridLineColor: 'rgba(90, 200, 255, 0.12)',
  receivedColor: '#38e0ff',
  closedColor: '#5be37d',
};

export interface TrendChartProps {
  /** null until the stream carried the first trend: the chart waits, dimmed. */
  trend: TrendSeries | null;
  /** Device pixels per design unit (see useEchart). */
  pixelRatio: number;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * Received and closed per hour over the last 24 hours, with both totals in the legend. Refreshed
 * with the KPIs (every few seconds); setOption only when a figure changed.
 */
export function TrendChart({ trend, pixelRatio }: TrendChartProps) {
  const t = useStrings();
  const key = JSON.stringify(trend);
  const option = useMemo(() => (trend ? trendOption(trend, t.trend, STYLE) : null), [key, t]);
  const ref = useEchart(pixelRatio, option, 'trend chart');
  const totals = trend ? { received: sum(trend.received), closed: sum(trend.closed) } : null;
  return (
    <section className="wall-panel__body trend-panel">
      <p className="trend-legend" data-testid="trend-legend">
        <span className="trend-legend__item trend-legend__item--received" data-value={totals?.received ?? ''}>
          {t.trend.received} {totals ? t.trend.total(totals.received.toLocaleString(t.locale)) : '—'}
        </span>
        <span className="trend-legend__item trend-legend__item--closed" data-value={totals?.closed ?? ''}>
          {t.trend.closed} {totals ? t.trend.total(totals.closed.toLocaleString(t.locale)) : '—'}
        </span>
      </p>
      <div ref={ref} className={option ? 'wall-chart trend-chart' : 'wall-chart trend-chart wall-chart--waiting'} data-testid="trend-chart" />
    </section>
  );
}
