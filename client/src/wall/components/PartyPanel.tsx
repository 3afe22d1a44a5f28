import type { PartySummaryPart } from '../../../../shared/src/api/party.js';
import { formatFigure, INTEGER } from '../../figures/figureFormat.js';
import { partyFigures } from '../../figures/partyFigures.js';
import { useStrings } from '../../i18n/useStrings.js';

/**
 * 党建引领 of the followed area: organisation coverage, party members, 下沉干部 on duty (of all) and
 * 五星支部 (of the communities rated), one row each. Test ids `party-<key>`; `data-value` is the
 * raw figure (coverage as a fraction), `data-of` what it is out of.
 */
export function PartyPanel({ summary }: { summary: PartySummaryPart | null }) {
  const t = useStrings();
  return (
    <dl className="wall-panel__body party-panel" data-testid="party-figures">
      {partyFigures(summary).map((f) => (
        <div key={f.key} className="party-panel__row" data-testid={`party-${f.key}`} data-value={f.value ?? ''} data-of={f.of ?? ''}>
          <dt className="party-panel__label">{t.partyFigure[f.key]}</dt>
          <dd className="party-panel__figure">
            {formatFigure(f.value, f.format, t.locale)}
            {f.of !== null && <span className="party-panel__of">{` / ${formatFigure(f.of, INTEGER, t.locale)}`}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}
