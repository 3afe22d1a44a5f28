import { describe, expect, it } from 'vitest';
import { AreaFeed } from '../../../shared/src/live/areaFeed.js';
import { MAX_ALERTS, PROTOCOL_VERSION, type AreaAggregate, type AreaDelta, type CaseSummary, type ChildFigures } from '../../../shared/src/live/events.js';
import type { Urgency } from '../../../shared/src/cases/caseModel.js';
import { alertRows } from './alerts/alertList.js';
import { TAKEOVER_DEFAULTS, TakeoverQueue } from './alerts/takeover.js';
import { FEED_BOARD_DEFAULTS, FeedBoard } from './boards/feedBoard.js';
import { LoopBoard } from './boards/loopBoard.js';
import { entryKey, rankChildren } from '../figures/rankChildren.js';

/**
 * A week on the wall in seconds: everything the wall keeps on the client side (the feed's view,
 * the case board, the ranking loop, the alert list, the takeover queue) driven by a fake clock
 * through a week of deltas, compressed: one delta every 5 s carrying 20 new cases (4 cases a
 * second, 2.4 M in the week, 30× Zhengzhou's real rate), a status change, an overdue alert every
 * 40 cases and a major case every 2,400. Every buffer must stay within its bound throughout.
 */
const DELTA_EVERY_S = 5;
const CASES_PER_DELTA = 20;
const WEEK_S = 7 * 24 * 3600;
const START = Date.parse('2025-06-02T00:00:00+08:00');
const STREETS = Array.from({ length: 17 }, (_, i) => `410105${String(i + 1).padStart(3, '0')}`);
const GRIDS = 1803; // 金水区's grid cells

const urgencyOf = (n: number): Urgency => (n % 2400 === 0 ? 'major' : n % 7 === 0 ? 'prominent' : 'normal');
const kase = (n: number, at: number): CaseSummary => ({
  id: `c${n}`,
  channel: 'grid_patrol',
  category: 'SR',
  subcategory: 'SR01',
  urgency: urgencyOf(n),
  status: 'reported',
  lon: 113.67,
  lat: 34.78,
  grid: `${STREETS[n % STREETS.length]}001${String((n % 100) + 1).padStart(3, '0')}`, // 1,700 cells
  reportedAt: new Date(at).toISOString(),
  description: '',
});

describe('a week of deltas on the client (fake clock)', () => {
  it('keeps the feed, boards, alert list and takeover queue within their bounds', () => {
    const feed = new AreaFeed('410105', { subscribe: () => {}, resync: () => {} });
    const aggregate = (n: number): AreaAggregate => {
      const children: Record<string, ChildFigures> = {};
      for (const [i, s] of STREETS.entries()) children[s] = [(n * (i + 1)) % 97, i % 5, n % 13, n];
      return { area: '410105', total: n, open: n % 1000, overdue: n % 50, newLastHour: n % 300, byStatus: {}, byCategory: { SR: n }, byUrgency: {}, children };
    };
    feed.snapshot({ v: PROTOCOL_VERSION, area: '410105', seq: 0, at: START, aggregate: aggregate(0), cells: {}, latest: [], alerts: [], kpis: null, staff: null, ranking: null, trend: null });
    const board = new FeedBoard<CaseSummary>({ ...FEED_BOARD_DEFAULTS, visibleRows: 8 });
    const loop = new LoopBoard({ visibleRows: 6, stepMs: 3000, keyOf: entryKey });
    const takeover = new TakeoverQueue(TAKEOVER_DEFAULTS);
    let takeovers = 0;
    let maxima = { latest: 0, alerts: 0, cells: 0, rows: 0, queue: 0, takeoverQueue: 0, takeoverKnown: 0 };
    const total = WEEK_S / DELTA_EVERY_S;
    for (let seq = 1; seq <= total; seq++) {
      const now = START + seq * DELTA_EVERY_S * 1000;
      const first = (seq - 1) * CASES_PER_DELTA + 1;
      const cases = Array.from({ length: CASES_PER_DELTA }, (_, i) => kase(first + i, now - (CASES_PER_DELTA - i) * 250));
      const d: AreaDelta = {
        v: PROTOCOL_VERSION,
        area: '410105',
        seq,
        at: now,
        aggregate: aggregate(seq),
        cells: Object.fromEntries(cases.map((c, i) => [c.grid, [seq % 9, i % 3, 1, seq] as ChildFigures])),
        newCases: cases,
        newCasesOmitted: 0,
        changedCases: seq > 1 ? [{ ...kase(first - 5, now - 5000), status: 'dispatched' }] : [],
        alerts: cases
          .filter((c) => Number(c.id.slice(1)) % 40 === 0)
          .map((c) => ({ kind: 'overdue' as const, id: `c${Number(c.id.slice(1)) - 30}`, grid: c.grid, category: 'SR', urgency: urgencyOf(Number(c.id.slice(1)) - 30), deadline: now - 100 })),
      };
      feed.delta(d);
      const view = feed.current!;
      // What the React effects do with every new view:
      board.receive(view.latest);
      board.step(now);
      loop.setRanking(rankChildren(view.aggregate.children), now);
      loop.step(now);
      takeover.receive(view.area, view.latest, view.alerts, now);
      if (takeover.step(now) && takeover.current) takeovers++;
      alertRows(view.alerts, 3);
      if (seq % 100 === 0) {
        maxima = {
          latest: Math.max(maxima.latest, view.latest.length),
          alerts: Math.max(maxima.alerts, view.alerts.length),
          cells: Math.max(maxima.cells, view.cells.size),
          rows: Math.max(maxima.rows, board.rows.length),
          queue: Math.max(maxima.queue, board.queued),
          takeoverQueue: Math.max(maxima.takeoverQueue, takeover.queued),
          takeoverKnown: Math.max(maxima.takeoverKnown, takeover.knownSize),
        };
      }
    }
    console.info('[week on the client]', { deltas: total, cases: total * CASES_PER_DELTA, takeovers, boardDropped: board.dropped, ...maxima });
    expect(feed.current!.seq).toBe(total);
    expect(maxima.latest).toBeLessThanOrEqual(100);
    expect(maxima.alerts).toBeLessThanOrEqual(MAX_ALERTS);
    expect(maxima.cells).toBeLessThanOrEqual(GRIDS);
    expect(maxima.rows).toBeLessThanOrEqual(9);
    expect(maxima.queue).toBeLessThanOrEqual(FEED_BOARD_DEFAULTS.queueCapacity);
    expect(maxima.takeoverQueue).toBeLessThanOrEqual(TAKEOVER_DEFAULTS.queueCapacity);
    // The keys it knows are those of the lists it was given (≤ 100 cases + 50 alerts) and its queue.
    expect(maxima.takeoverKnown).toBeLessThanOrEqual(100 + MAX_ALERTS + TAKEOVER_DEFAULTS.queueCapacity + 1);
    // Major cases and serious ones gone overdue took the wall over thousands of times, one at a time.
    expect(takeovers).toBeGreaterThan(500);
    expect(loop.rows().length).toBeLessThanOrEqual(6 + 2);
  });
});
