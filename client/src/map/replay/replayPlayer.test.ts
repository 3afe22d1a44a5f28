import { describe, expect, it } from 'vitest';
import { STATE_CODES, decodeCaseColumns, encodeCaseColumns, type CaseColumns, type ColumnCase, type ColumnEvent } from '../../../../shared/src/columnar/caseColumns.js';
import { stateAt } from '../../../../shared/src/columnar/replayState.js';
import { ReplayClock, UPDATE_INTERVAL_MS } from './replayClock.js';
import { ReplayPlayer } from './replayPlayer.js';

const FROM = Date.parse('2026-11-23T00:00:00+08:00');
const TO = FROM + 86_400_000;
const H = 3_600_000;

/** A seeded generator (mulberry32): the same replay on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATH = ['reported', 'registered', 'dispatched', 'accepted', 'handled', 'verified', 'closed'] as const;

/** A day: a backlog reported before it, cases reported during it, each walking the loop (some rejected, some sent back to rework), events in time order. */
function makeReplay(seed: number, n: number): CaseColumns {
  const rnd = random(seed);
  const cases: ColumnCase[] = [];
  const events: ColumnEvent[] = [];
  for (let i = 0; i < n; i++) {
    const backlog = rnd() < 0.25;
    const reportedAt = backlog ? FROM - Math.floor(rnd() * 3 * H) : FROM + Math.floor(rnd() * 23 * H);
    let step = backlog ? 1 + Math.floor(rnd() * 3) : 0;
    cases.push({ seq: 500 + i, lon: 113.6 + rnd() * 0.1, lat: 34.7 + rnd() * 0.1, urgency: ['simple', 'normal', 'prominent', 'major'][i % 4]!, state: PATH[step]!, category: 'SR', reportedAt });
    let at = Math.max(FROM, reportedAt);
    while (step < PATH.length - 1) {
      at += 1000 * Math.floor(1 + rnd() * 5400);
      if (at >= TO) break;
      const r = rnd();
      if (step === 0 && r < 0.1) {
        events.push({ caseIndex: i, at, state: 'rejected' });
        break;
      }
      if (PATH[step] === 'handled' && r < 0.2) {
        events.push({ caseIndex: i, at, state: 'rework' });
        step = 2;
        continue;
      }
      step++;
      events.push({ caseIndex: i, at, state: PATH[step]! });
    }
  }
  events.sort((a, b) => a.at - b.at);
  return decodeCaseColumns(encodeCaseColumns({ kind: 'replay', cases, events, fromMs: FROM, toMs: TO }));
}

/** The player's view equals stateAt's at its time: every state, the open set, the points on the map. */
function expectSameAsStateAt(player: ReplayPlayer): void {
  const { replay } = player;
  const moment = stateAt(replay, player.time);
  for (let i = 0; i < replay.count; i++) expect(player.stateOf(i), `case ${i} at ${player.time}`).toBe(moment.state[i]);
  const open = moment.open.map((i) => replay.seq[i]!).sort((a, b) => a - b);
  expect(player.openSeqs()).toEqual(open);
  expect(player.points.length).toBe(open.length);
  for (const seq of open) expect(player.points.has(seq)).toBe(true);
  expect(player.figures().open).toBe(open.length);
}

describe('ReplayPlayer', () => {
  const replay = makeReplay(7, 400);

  it('starts at the period with the backlog open, and nothing reported in the period yet', () => {
    const player = new ReplayPlayer(replay);
    expect(player.time).toBe(FROM);
    expectSameAsStateAt(player);
    expect(player.figures().open).toBeGreaterThan(0);
    expect(player.figures().reported).toBe(0);
    expect(player.figures().closed).toBe(0);
  });

  it('moving forward frame by frame (cursors) equals stateAt at every frame', () => {
    const player = new ReplayPlayer(replay);
    for (let t = FROM; t <= TO; t += 7 * 60_000 + 1234) {
      player.seek(t);
      expectSameAsStateAt(player);
    }
    player.seek(TO);
    expect(player.ended).toBe(true);
    expectSameAsStateAt(player);
  });

  it('seeks backwards and forwards in any order to the same state as stateAt', () => {
    const rnd = random(99);
    const player = new ReplayPlayer(replay);
    for (let k = 0; k < 40; k++) {
      // Whole seconds and times inside a second, both edges of an event.
      const t = FROM + Math.floor(rnd() * 86_400) * 1000 + (k % 3 === 0 ? 0 : Math.floor(rnd() * 1000));
      player.seek(t);
      expect(player.time).toBe(t);
      expectSameAsStateAt(player);
    }
  });

  it('lands on each event second exactly: an event at second s counts from s + 1 ms', () => {
    const player = new ReplayPlayer(replay);
    const at = replay.timeMs(replay.eventTime[replay.eventCount >> 1]!);
    player.seek(at);
    expectSameAsStateAt(player);
    player.seek(at + 1);
    expectSameAsStateAt(player);
    player.seek(at);
    expectSameAsStateAt(player);
  });

  it('counts the cases reported and closed so far, by brute force over the columns', () => {
    const player = new ReplayPlayer(replay);
    for (const t of [FROM + 3 * H, FROM + 12 * H, FROM + 5 * H, TO]) {
      player.seek(t);
      let reported = 0;
      for (let i = 0; i < replay.count; i++) {
        const ms = replay.timeMs(replay.reported[i]!);
        if (ms >= FROM && ms < t) reported++;
      }
      let closed = 0;
      for (let e = 0; e < replay.eventCount; e++) if (replay.timeMs(replay.eventTime[e]!) < t && STATE_CODES[replay.eventState[e]!] === 'closed') closed++;
      expect(player.figures()).toEqual({ at: t, open: stateAt(replay, t).open.length, reported, closed });
    }
    expect(player.figures().closed).toBeGreaterThan(0);
  });

  it('steps by replay time both ways and clamps to the period', () => {
    const player = new ReplayPlayer(replay);
    player.step(90 * 60_000);
    expect(player.time).toBe(FROM + 90 * 60_000);
    expectSameAsStateAt(player);
    player.step(-30 * 60_000);
    expect(player.time).toBe(FROM + 60 * 60_000);
    expectSameAsStateAt(player);
    player.step(-5 * H);
    expect(player.time).toBe(FROM);
    player.step(48 * H);
    expect(player.time).toBe(TO);
  });

  it('colours a case in place as it moves, and takes it off when closed', () => {
    const player = new ReplayPlayer(replay);
    // The first event of a case reported in the period that is not a closing one.
    let e = 0;
    while (STATE_CODES[replay.eventState[e]!] === 'closed' || STATE_CODES[replay.eventState[e]!] === 'rejected') e++;
    const at = replay.timeMs(replay.eventTime[e]!);
    player.seek(at);
    player.points.layerData();
    player.seek(at + 1000);
    expect(player.points.dirtyRanges.getFillColor).not.toBeNull();
  });

  it('refuses a map buffer', () => {
    const cases = decodeCaseColumns(encodeCaseColumns({ kind: 'cases', cases: [], fromMs: FROM, toMs: TO }));
    expect(() => new ReplayPlayer(cases)).toThrow(/replay/);
  });
});

describe('ReplayClock', () => {
  const replay = makeReplay(3, 120);

  it('moves the replay by wall time × speed, at most every update interval', () => {
    const clock = new ReplayClock(new ReplayPlayer(replay), { speed: 3600 });
    clock.play();
    expect(clock.tick(1000)).toBe(false); // the first frame only starts the wall clock
    expect(clock.tick(1000 + UPDATE_INTERVAL_MS / 2)).toBe(false);
    expect(clock.player.time).toBe(FROM);
    expect(clock.tick(1000 + UPDATE_INTERVAL_MS)).toBe(true);
    expect(clock.player.time).toBe(FROM + UPDATE_INTERVAL_MS * 3600);
    clock.setSpeed(60);
    clock.tick(1000 + 3 * UPDATE_INTERVAL_MS);
    expect(clock.player.time).toBe(FROM + UPDATE_INTERVAL_MS * 3600 + 2 * UPDATE_INTERVAL_MS * 60);
    expectSameAsStateAt(clock.player);
  });

  it('does not move while paused, and a step pauses and moves by replay time', () => {
    const clock = new ReplayClock(new ReplayPlayer(replay), { speed: 600 });
    clock.play();
    clock.tick(0);
    clock.tick(200);
    const t = clock.player.time;
    clock.pause();
    clock.tick(400);
    clock.tick(900);
    expect(clock.player.time).toBe(t);
    clock.play();
    clock.step(-60_000);
    expect(clock.playing).toBe(false);
    expect(clock.player.time).toBe(t - 60_000);
    expectSameAsStateAt(clock.player);
  });

  it('stops at the end, or loops back to the start', () => {
    const stop = new ReplayClock(new ReplayPlayer(replay), { speed: 3600 });
    stop.play();
    let now = 0;
    let n = 0;
    while (stop.playing && n++ < 10_000) stop.tick((now += 400));
    expect(stop.player.time).toBe(TO);
    expect(stop.playing).toBe(false);
    const loop = new ReplayClock(new ReplayPlayer(replay), { speed: 3600, end: 'loop' });
    loop.play();
    let wrapped = false;
    let previous = loop.player.time;
    for (let k = 0; k < 1000 && !wrapped; k++) {
      loop.tick((now += 400));
      wrapped = loop.player.time < previous;
      previous = loop.player.time;
    }
    expect(wrapped).toBe(true);
    expect(loop.playing).toBe(true);
    expectSameAsStateAt(loop.player);
  });

  it('keeps the day before at time − 24 h and tells listeners of every change', () => {
    const previousDay = decodeCaseColumns(encodeCaseColumns({ kind: 'replay', cases: [{ seq: 41, lon: 113.65, lat: 34.75, urgency: 'normal', state: 'reported', category: 'SR', reportedAt: FROM - 20 * H }], events: [{ caseIndex: 0, at: FROM - 10 * H, state: 'closed' }], fromMs: FROM - 24 * H, toMs: FROM }));
    const clock = new ReplayClock(new ReplayPlayer(replay), { previous: new ReplayPlayer(previousDay) });
    let heard = 0;
    clock.subscribe(() => heard++);
    clock.seek(FROM + 5 * H);
    expect(clock.previous!.time).toBe(FROM - 19 * H);
    expect(clock.previous!.openSeqs()).toEqual([41]);
    clock.seek(FROM + 15 * H);
    expect(clock.previous!.openSeqs()).toEqual([]);
    expect(heard).toBe(2);
    expect(() => clock.setSpeed(0)).toThrow(/speed/);
  });
});
