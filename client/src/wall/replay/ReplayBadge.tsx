import type { Lang } from '../../i18n/strings.js';
import type { ReplayClock } from '../../map/replay/replayClock.js';
import { beijingTime } from '../../map/replay/replayPeriod.js';
import { useReplayClock, type ReplayStatus } from '../../map/replay/useReplay.js';
import type { WallReplayParams } from './wallReplayParams.js';
import './replay.css';

const WORDS: Record<Lang, { replay: string; loading: string; ended: string; open: string; invalid: string }> = {
  zh: { replay: '回放', loading: '载入中', ended: '已结束', open: '在办', invalid: '参数无效' },
  en: { replay: 'Replay', loading: 'loading', ended: 'ended', open: 'open', invalid: 'not understood' },
};

/** 回放: a clear badge on the wall with the replay clock, the speed and the open cases, so nobody takes it for live. */
export function ReplayBadge({ params, problems, replay, lang }: { params: WallReplayParams | null; problems: readonly string[]; replay: ReplayStatus; lang: Lang }) {
  const w = WORDS[lang];
  return (
    <div
      className="wall-replay"
      data-testid="replay-badge"
      data-status={replay.status}
      data-load-ms={replay.status === 'ready' ? Math.round(replay.loadMs) : ''}
      data-cases={replay.status === 'ready' ? replay.clock.player.replay.count : ''}
      data-events={replay.status === 'ready' ? replay.clock.player.replay.eventCount : ''}
      role="status"
    >
      <span className="wall-replay__word">{w.replay}</span>
      {params && replay.status === 'ready' ? <ReplayClockText clock={replay.clock} speed={params.speed} words={w} /> : null}
      {params && (replay.status === 'loading' || replay.status === 'idle') ? <span>{`${params.label} · ${w.loading}`}</span> : null}
      {replay.status === 'error' ? <span className="wall-replay__error">{replay.message}</span> : null}
      {problems.length > 0 ? <span className="wall-replay__error" data-testid="replay-problems">{`${w.invalid}: ${problems.join('; ')}`}</span> : null}
    </div>
  );
}

function ReplayClockText({ clock, speed, words }: { clock: ReplayClock; speed: number; words: (typeof WORDS)[Lang] }) {
  useReplayClock(clock);
  const { player } = clock;
  return (
    <>
      <span className="wall-replay__clock" data-testid="replay-clock" data-time={player.time}>
        {beijingTime(player.time)}
      </span>
      <span>×{speed}</span>
      <span data-testid="replay-open" data-open={player.figures().open}>
        {`${words.open} ${player.figures().open.toLocaleString()}`}
      </span>
      {!clock.playing && player.ended ? <span>{words.ended}</span> : null}
    </>
  );
}
