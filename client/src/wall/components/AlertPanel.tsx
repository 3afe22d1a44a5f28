import type { Alert } from '../../../../shared/src/live/events.js';
import { placeName } from '../../api/areaDetail.js';
import { alertRows } from '../alerts/alertList.js';
import { beijingClock } from '../../figures/cityTime.js';
import { useStrings } from '../../i18n/useStrings.js';

export interface AlertPanelProps {
  /** The feed's alerts, newest last (null before the first snapshot). */
  alerts: readonly Alert[] | null;
  names: ReadonlyMap<string, string>;
  rows: number;
}

/** The latest overdue alerts of the followed area, newest on top; a fixed number of rows. */
export function AlertPanel({ alerts, names, rows }: AlertPanelProps) {
  const t = useStrings();
  const shown = alerts ? alertRows(alerts, rows) : [];
  return (
    <ol className="wall-panel__body alert-list" data-testid="alert-list" data-count={alerts?.length ?? 0}>
      {shown.length === 0 && <li className="alert-list__empty">{t.noAlerts}</li>}
      {shown.map((a) => (
        <li key={`${a.kind}:${a.id}`} className={`alert-list__row alert-list__row--${a.urgency}`} data-alert-id={a.id}>
          <span className="board__time">{beijingClock(a.deadline)}</span>
          <span className="alert-list__kind">{t.alertOverdue}</span>
          <span className={`urgency urgency--${a.urgency}`}>{t.urgency[a.urgency]}</span>
          <span className="alert-list__what">{t.categoryName(a.category)}</span>
          <span className="alert-list__place">{placeName(a.grid, names)}</span>
        </li>
      ))}
    </ol>
  );
}
