import type { Lang } from '../../i18n/strings.js';

/** The desk's replay controls in both languages. */
export interface ReplayStrings {
  open: string;
  close: string;
  from: string;
  to: string;
  load: string;
  loading: string;
  play: string;
  pause: string;
  stepBack: string;
  stepForward: string;
  speed: string;
  compare: string;
  time: string;
  figures: { open: string; reported: string; closed: string };
  loaded: (ms: number, cases: number, events: number) => string;
  badPeriod: string;
}

export const REPLAY_STRINGS: Record<Lang, ReplayStrings> = {
  zh: {
    open: '回放',
    close: '结束回放',
    from: '开始日期',
    to: '结束日期',
    load: '载入',
    loading: '载入中…',
    play: '播放',
    pause: '暂停',
    stepBack: '后退 15 分钟',
    stepForward: '前进 15 分钟',
    speed: '倍速',
    compare: '对比前一天',
    time: '回放时间',
    figures: { open: '在办案件', reported: '累计新增', closed: '累计结案' },
    loaded: (ms, cases, events) => `${cases.toLocaleString('zh-CN')} 件案件、${events.toLocaleString('zh-CN')} 次流转，${Math.round(ms)} 毫秒载入`,
    badPeriod: '请选择有效日期（最长 31 天）',
  },
  en: {
    open: 'Replay',
    close: 'End replay',
    from: 'From',
    to: 'To',
    load: 'Load',
    loading: 'Loading…',
    play: 'Play',
    pause: 'Pause',
    stepBack: 'Back 15 min',
    stepForward: 'Forward 15 min',
    speed: 'Speed',
    compare: 'Compare with the day before',
    time: 'Replay time',
    figures: { open: 'Open cases', reported: 'New so far', closed: 'Closed so far' },
    loaded: (ms, cases, events) => `${cases.toLocaleString('en')} cases, ${events.toLocaleString('en')} changes, loaded in ${Math.round(ms)} ms`,
    badPeriod: 'Choose valid days (at most 31)',
  },
};
