import type { AreaAggregate } from '../../../../shared/src/live/events.js';
import { useStrings } from '../i18n/useStrings.js';
import { FlipCounter } from './FlipCounter.js';

const FIGURES = ['total', 'open', 'overdue', 'newLastHour'] as const;

/** The followed area's live counts as flip-digit counters. */
export function KpiPanel({ aggregate }: { aggregate: AreaAggregate | null }) {
  const t = useStrings();
  return (
    <section className="wall-panel__body kpi-grid">
      {FIGURES.map((key) => (
        <FlipCounter
          key={key}
          value={aggregate ? aggregate[key] : null}
          label={t.kpi[key]}
          unit={t.caseUnit}
          locale={t.locale}
          tone={key === 'overdue' ? 'warn' : 'normal'}
          testId={`live-${key}`}
        />
      ))}
    </section>
  );
}
