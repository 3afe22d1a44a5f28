import { useState } from 'react';
import type { WallStatus } from '../../../../shared/src/steer/wallStatus.js';
import { steerWall } from '../api/leadApi.js';
import type { LeadStrings } from '../i18n/leadStrings.js';

export interface ShowOnWallProps {
  caseId: string;
  /** The walls to offer (wallsForCase): one button each, named when there is more than one. */
  walls: readonly WallStatus[];
  t: LeadStrings;
  onStatus: (w: WallStatus) => void;
}

/**
 * 在大屏显示: sends the open case to a wall (the `show-case` command, README "Steering the wall"):
 * the wall flies to it and opens its card, and the commander takes (or keeps) the wall's lock. A
 * refusal is shown as the server words it.
 */
export function ShowOnWall({ caseId, walls, t, onStatus }: ShowOnWallProps) {
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (walls.length === 0) return null;
  const show = (w: WallStatus) => {
    setBusy(true);
    setError(null);
    steerWall(w.device, { type: 'show-case', caseId }).then(
      (after) => {
        onStatus(after);
        setShown(w.label);
        setBusy(false);
      },
      (err: unknown) => {
        setError(t.steer.failed(err instanceof Error ? err.message : String(err)));
        setBusy(false);
      },
    );
  };
  return (
    <div className="lead-show-on-wall" data-testid="show-on-wall">
      {walls.map((w) => (
        <button key={w.device} type="button" className="lead-button" data-device={w.device} disabled={busy} onClick={() => show(w)}>
          {t.steer.showCase(walls.length > 1 ? w.label : null)}
        </button>
      ))}
      {shown ? (
        <span className="lead-muted" role="status">
          {t.steer.caseShown(shown)}
        </span>
      ) : null}
      {error ? (
        <p className="lead-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
