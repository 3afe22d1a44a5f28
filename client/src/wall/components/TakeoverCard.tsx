import { placeName } from '../../api/areaDetail.js';
import { beijingClock } from '../../figures/cityTime.js';
import type { TakeoverItem } from '../alerts/takeover.js';
import { useStrings } from '../../i18n/useStrings.js';
import type { Insets } from '../layout/canvasScale.js';

/** The alarm takeover's card over the map: what, where and when, large enough to read across the room. */
export function TakeoverCard({ item, names, insets }: { item: TakeoverItem; names: ReadonlyMap<string, string>; insets: Insets }) {
  const t = useStrings();
  const time = beijingClock(item.at);
  // Over the top of the map's free middle: the case's point stays visible below it.
  const style = { left: insets.left + 40, right: insets.right + 40, top: insets.top + 16 };
  return (
    <div className={`takeover takeover--${item.kind}`} style={style} data-testid="takeover" data-case-id={item.caseId} role="alert">
      <div className="takeover__title">{t.takeover[item.kind]}</div>
      <div className="takeover__what">
        <span className={`urgency urgency--${item.urgency}`}>{t.urgency[item.urgency]}</span> {t.categoryName(item.category)}
      </div>
      <div className="takeover__where">{placeName(item.grid, names)}</div>
      <div className="takeover__when">{item.kind === 'overdue' ? t.takeover.deadline(time) : t.takeover.reported(time)}</div>
    </div>
  );
}
