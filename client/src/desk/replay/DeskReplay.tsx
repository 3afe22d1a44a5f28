import { useEffect, useMemo, useState } from 'react';
import type { Lang } from '../../i18n/strings.js';
import type { LayerSource } from '../../map/replay/layerSource.js';
import { DEFAULT_SPEED, REPLAY_SPEEDS, type ReplayClock } from '../../map/replay/replayClock.js';
import { beijingDay, beijingTime, replayPeriod } from '../../map/replay/replayPeriod.js';
import { useReplay, useReplayClock, type ReplayRequest } from '../../map/replay/useReplay.js';
import { REPLAY_STRINGS, type ReplayStrings } from './replayStrings.js';
import './replay.css';

/** A step button moves the replay by this much (replay time). */
const STEP_MS = 15 * 60_000;
/** The open cases' ids are written on the panel (for checks) up to this many. */
const MAX_LISTED_IDS = 500;

interface Props {
  area: string;
  lang: Lang;
  /** The replay's layers for the map while one is loaded, else null (the map shows the live view). */
  onSource: (source: LayerSource | null) => void;
}

/**
 * 回放: plays a chosen day (or range) of the area on the map at ×60 … ×3600, with a time slider,
 * pause and step, the figures as of the replay time, and the day before's heat to compare.
 */
export function DeskReplay({ area, lang, onSource }: Props) {
  const t = REPLAY_STRINGS[lang];
  const [open, setOpen] = useState(false);
  const yesterday = useMemo(() => beijingDay(Date.now() - 86_400_000), []);
  const [fromDay, setFromDay] = useState(yesterday);
  const [toDay, setToDay] = useState('');
  const [request, setRequest] = useState<ReplayRequest | null>(null);
  const [compare, setCompare] = useState(false);
  const period = replayPeriod(fromDay, toDay);
  // A new area ends the replay: its cases are another area's.
  useEffect(() => setRequest(null), [area]);
  const replay = useReplay(open ? request : null, compare);
  const source = replay.status === 'ready' ? replay.source : null;
  useEffect(() => onSource(source), [source, onSource]);

  if (!open) {
    return (
      <section className="desk-replay desk-replay--closed">
        <button type="button" data-testid="replay-open" onClick={() => setOpen(true)}>
          {t.open}
        </button>
      </section>
    );
  }
  return (
    <section className="desk-replay" data-testid="replay" data-status={replay.status}>
      <form
        className="desk-replay__period"
        onSubmit={(e) => {
          e.preventDefault();
          if (period) setRequest({ area, ...period, speed: DEFAULT_SPEED, end: 'stop', autoplay: false });
        }}
      >
        <label>
          {t.from} <input type="date" data-testid="replay-from" value={fromDay} onChange={(e) => setFromDay(e.target.value)} />
        </label>
        <label>
          {t.to} <input type="date" data-testid="replay-to" value={toDay} onChange={(e) => setToDay(e.target.value)} />
        </label>
        <button type="submit" data-testid="replay-load" disabled={!period}>
          {t.load}
        </button>
        {!period ? <span className="desk-replay__note">{t.badPeriod}</span> : null}
        <button
          type="button"
          data-testid="replay-close"
          onClick={() => {
            setOpen(false);
            setRequest(null);
          }}
        >
          {t.close}
        </button>
      </form>
      {replay.status === 'loading' ? <p className="desk-replay__note">{t.loading}</p> : null}
      {replay.status === 'error' ? (
        <p className="desk-replay__note desk-replay__error" role="alert">
          {replay.message}
        </p>
      ) : null}
      {replay.status === 'ready' ? (
        <ReplayControls t={t} clock={replay.clock} loadMs={replay.loadMs} compare={compare} onCompare={setCompare} lang={lang} />
      ) : null}
    </section>
  );
}

function ReplayControls({ t, clock, loadMs, compare, onCompare, lang }: { t: ReplayStrings; clock: ReplayClock; loadMs: number; compare: boolean; onCompare: (on: boolean) => void; lang: Lang }) {
  useReplayClock(clock);
  const { player } = clock;
  const figures = player.figures();
  const seconds = Math.round((player.time - player.from) / 1000);
  const openSeqs = figures.open <= MAX_LISTED_IDS ? player.openSeqs().join(',') : '';
  const locale = lang === 'zh' ? 'zh-CN' : 'en';
  return (
    <div className="desk-replay__player" data-testid="replay-player" data-time={player.time} data-open={figures.open} data-open-seqs={openSeqs} data-playing={clock.playing}>
      <div className="desk-replay__buttons">
        <button type="button" data-testid="replay-step-back" title={t.stepBack} onClick={() => clock.step(-STEP_MS)}>
          ⏮
        </button>
        <button type="button" data-testid="replay-play" onClick={() => (clock.playing ? clock.pause() : clock.play())}>
          {clock.playing ? `⏸ ${t.pause}` : `▶ ${t.play}`}
        </button>
        <button type="button" data-testid="replay-step-forward" title={t.stepForward} onClick={() => clock.step(STEP_MS)}>
          ⏭
        </button>
        <label>
          {t.speed}{' '}
          <select data-testid="replay-speed" value={clock.speed} onChange={(e) => clock.setSpeed(Number(e.target.value))}>
            {REPLAY_SPEEDS.map((s) => (
              <option key={s} value={s}>
                ×{s}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" data-testid="replay-compare" checked={compare} onChange={(e) => onCompare(e.target.checked)} /> {t.compare}
        </label>
        <output className="desk-replay__clock" data-testid="replay-clock" aria-label={t.time}>
          {beijingTime(player.time)}
        </output>
      </div>
      <input
        type="range"
        className="desk-replay__slider"
        data-testid="replay-slider"
        aria-label={t.time}
        min={0}
        max={Math.round((player.to - player.from) / 1000)}
        step={60}
        value={seconds}
        onChange={(e) => clock.seek(player.from + Number(e.target.value) * 1000)}
      />
      <dl className="desk-replay__figures">
        <div>
          <dt>{t.figures.open}</dt>
          <dd data-testid="replay-figure-open">{figures.open.toLocaleString(locale)}</dd>
        </div>
        <div>
          <dt>{t.figures.reported}</dt>
          <dd data-testid="replay-figure-reported">{figures.reported.toLocaleString(locale)}</dd>
        </div>
        <div>
          <dt>{t.figures.closed}</dt>
          <dd data-testid="replay-figure-closed">{figures.closed.toLocaleString(locale)}</dd>
        </div>
      </dl>
      <p className="desk-replay__note">{t.loaded(loadMs, player.replay.count, player.replay.eventCount)}</p>
    </div>
  );
}
