import { withinScope } from '../../../../shared/src/access/principal.js';
import type { AreaInfo } from '../api/deskApi.js';
import type { DeskStrings } from '../i18n/deskStrings.js';

/** City → … → the area: each step above drills up (only steps inside the account's own area). */
export function Breadcrumb({ t, info, scope, cityCode, onDrill }: { t: DeskStrings; info: AreaInfo | null; scope: string; cityCode: string; onDrill: (code: string) => void }) {
  if (!info) return <nav className="desk-breadcrumb">{t.loading}</nav>;
  const steps = info.ancestors.filter((a) => withinScope(a.code, scope, cityCode));
  return (
    <nav className="desk-breadcrumb" aria-label="breadcrumb" data-testid="desk-breadcrumb">
      {steps.map((a) => (
        <span key={a.code}>
          <button type="button" data-code={a.code} onClick={() => onDrill(a.code)}>
            {a.name}
          </button>
          <span aria-hidden> › </span>
        </span>
      ))}
      <strong data-code={info.node.code} aria-current="page">
        {info.node.name}
      </strong>
    </nav>
  );
}
