import type { TrendSeries } from '../../../../shared/src/kpi/trend.js';
import { hourLabel } from '../../charts/trendOption.js';
import type { LeadStrings } from '../i18n/leadStrings.js';

/**
 * Cases received and closed per clock hour over the last 24 hours (the stream's trend, the same
 * as GET /api/trend): two polylines in SVG with the hours and totals in HTML text, so every label
 * keeps the page's font size on any screen.
 */
export function TrendCard({ trend, t }: { trend: TrendSeries | null; t: LeadStrings }) {
  if (!trend) return <p className="lead-empty">{t.loading}</p>;
  const max = Math.max(1, ...trend.received, ...trend.closed);
  const line = (values: readonly number[]) => values.map((v, i) => `${(i * (600 / 23)).toFixed(1)},${(200 - (v / max) * 190).toFixed(1)}`).join(' ');
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  return (
    <div className="lead-trend">
      <div className="lead-trend__legend">
        <span className="lead-dot lead-dot--received" />
        {t.trend.received} {sum(trend.received)}
        <span className="lead-dot lead-dot--closed" />
        {t.trend.closed} {sum(trend.closed)}
      </div>
      <svg viewBox="-4 -4 608 208" preserveAspectRatio="none" className="lead-trend__chart" aria-hidden="true">
        <polyline points={line(trend.received)} fill="none" stroke="#4fb3ff" strokeWidth={3} vectorEffect="non-scaling-stroke" />
        <polyline points={line(trend.closed)} fill="none" stroke="#5bd69a" strokeWidth={3} vectorEffect="non-scaling-stroke" />
      </svg>
      <div className="lead-trend__axis">
        {[0, 6, 12, 18, 23].map((i) => (
          <span key={i}>{hourLabel(trend.from, i)}</span>
        ))}
      </div>
    </div>
  );
}
