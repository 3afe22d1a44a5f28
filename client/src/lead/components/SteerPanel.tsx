import { useState } from 'react';
import { STEER_LAYERS, type SteerCommand } from '../../../../shared/src/steer/steerCommands.js';
import type { WallStatus } from '../../../../shared/src/steer/wallStatus.js';
import { beijingClock } from '../../figures/cityTime.js';
import { steerWall } from '../api/leadApi.js';
import type { LeadStrings } from '../i18n/leadStrings.js';
import type { WallsState } from '../state/useWalls.js';
import { toggledLayers } from '../state/wallLayers.js';

export interface SteerPanelProps {
  walls: WallsState;
  /** The area the tablet shows: 显示本区域 sends the walls there. */
  area: string;
  names: ReadonlyMap<string, string>;
  t: LeadStrings;
  onStatus: (w: WallStatus) => void;
}

/**
 * 大屏遥控: the walls of the account's area, each with what it shows, who holds its lock and
 * until when, and the commands of README "Steering the wall" (show this area, tour start / hold /
 * resume / previous / next, release), and its map layers on and off (党建引领's among them). A refusal (another commander holds the wall: 409) is shown
 * as the server words it.
 */
export function SteerPanel({ walls, area, names, t, onStatus }: SteerPanelProps) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  if (walls.status === 'loading') return <p className="lead-empty">{t.loading}</p>;
  if (walls.status === 'refused') return <p className="lead-error">{walls.message}</p>;
  if (walls.walls.length === 0) return <p className="lead-empty">{t.steer.none}</p>;
  const name = (code: string) => names.get(code) ?? code;
  const send = (device: string, command: SteerCommand) => {
    setBusy(device);
    setError(null);
    steerWall(device, command).then(
      (w) => {
        onStatus(w);
        setBusy(null);
      },
      (err: unknown) => {
        setError(t.steer.failed(err instanceof Error ? err.message : String(err)));
        setBusy(null);
      },
    );
  };
  return (
    <div className="lead-steer" data-testid="lead-steer">
      {error ? (
        <p className="lead-error" role="alert">
          {error}
        </p>
      ) : null}
      {walls.walls.map((w) => {
        const tour = w.shows?.tour ?? null;
        // The layers it shows: the steered ones while steered, else what it reported of its own.
        const layers = w.steer?.layers ?? w.shows?.layers ?? [];
        const commands: [string, SteerCommand][] = [
          [t.steer.showHere, { type: 'show-area', area }],
          [t.steer.tourStart, { type: 'tour', action: 'start', seconds: 30 }],
          [t.steer.hold, { type: 'tour', action: 'hold' }],
          [t.steer.resume, { type: 'tour', action: 'resume' }],
          [t.steer.previous, { type: 'tour', action: 'previous' }],
          [t.steer.next, { type: 'tour', action: 'next' }],
          [t.steer.release, { type: 'release' }],
        ];
        return (
          <div key={w.device} className="lead-wall" data-device={w.device}>
            <div className="lead-wall__head">
              <strong>{w.label}</strong>
              <span className={`lead-conn lead-conn--${w.online ? 'live' : 'offline'}`}>{w.online ? t.steer.online : t.steer.offline}</span>
            </div>
            <div className="lead-muted" data-testid="wall-shows">
              {w.shows ? t.steer.shows(name(w.shows.area)) : w.steer ? t.steer.shows(name(w.steer.area)) : t.steer.own}
              {tour ? ` · ${t.steer.tour(tour.index + 1, tour.count, tour.held)}` : ''}
            </div>
            <div className="lead-wall__lock" data-testid="wall-lock">
              {w.lock ? t.steer.steeredBy(w.lock.name, beijingClock(w.lock.expiresAt)) : t.steer.own}
            </div>
            <div className="lead-wall__commands">
              {commands.map(([label, command]) => (
                <button key={label} type="button" className="lead-button" disabled={busy === w.device} onClick={() => send(w.device, command)}>
                  {label}
                </button>
              ))}
            </div>
            <div className="lead-wall__layers" role="group" aria-label={t.steer.layersTitle} data-testid="wall-layers">
              {STEER_LAYERS.map((layer) => (
                <button
                  key={layer}
                  type="button"
                  className={`lead-button lead-toggle${layers.includes(layer) ? ' lead-toggle--on' : ''}`}
                  aria-pressed={layers.includes(layer)}
                  data-layer={layer}
                  disabled={busy === w.device}
                  onClick={() => send(w.device, { type: 'map', layers: toggledLayers(layers, layer) })}
                >
                  {t.steer.layers[layer]}
                </button>
              ))}
            </div>
          </div>
        );
      })}
    </div>
  );
}
