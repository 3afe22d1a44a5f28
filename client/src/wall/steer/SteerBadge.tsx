import { useStrings } from '../../i18n/useStrings.js';
import './steer.css';

/** 遥控中：<name>: who steers the wall now, so the room knows it is not the wall's own tour. */
export function SteerBadge({ name }: { name: string }) {
  const t = useStrings();
  return (
    <div className="wall-steer" data-testid="steered-by" role="status">
      {t.steeredBy(name)}
    </div>
  );
}
