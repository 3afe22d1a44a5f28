import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ChildFigures, RankedUnit } from '../../../../shared/src/live/events.js';
import { LoopBoard } from '../boards/loopBoard.js';
import { rankChildren, scoresOf } from '../boards/rankChildren.js';
import { useStepTimer } from '../boards/useStepTimer.js';
import { useStrings } from '../i18n/useStrings.js';
import { ScrollBoard, type BoardColumn } from './ScrollBoard.js';

/** One row scrolls by every 3 s when the ranking is longer than the board: slow enough to read a line. */
const LOOP_STEP_MS = 3000;

export interface ChildrenPanelProps {
  /** aggregate.children of the followed area (null before the first snapshot). Remount for another area. */
  children: Readonly<Record<string, ChildFigures>> | null;
  /** Today's composite ranking of the children (null until the server computed it). */
  ranking: readonly RankedUnit[] | null;
  names: ReadonlyMap<string, string>;
  visibleRows: number;
  rowHeight: number;
}

/**
 * The followed area's children ranked by today's composite score (综合评价), with their open and
 * overdue cases, looping when longer than the board. A unit without data yet has no score and no
 * rank ("—") and comes after the ranked ones.
 */
export function ChildrenPanel({ children, ranking, names, visibleRows, rowHeight }: ChildrenPanelProps) {
  const t = useStrings();
  const [board] = useState(() => new LoopBoard({ visibleRows, stepMs: LOOP_STEP_MS }));
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const order = useMemo(() => (children ? rankChildren(children, ranking) : null), [children, ranking]);
  const scores = useMemo(() => scoresOf(ranking), [ranking]);
  useEffect(() => {
    if (!order) return;
    board.setRanking(order, Date.now());
    bump();
  }, [board, order, bump]);
  useStepTimer(board, version, bump);

  const columns: BoardColumn[] = [
    { label: t.childrenColumns.rank, width: '64px', align: 'center' },
    { label: t.childrenColumns.name, width: '1fr' },
    { label: t.childrenColumns.score, width: '104px', align: 'right' },
    { label: t.childrenColumns.open, width: '88px', align: 'right' },
    { label: t.childrenColumns.overdue, width: '80px', align: 'right' },
  ];
  const rows = board.rows().map((r) => {
    const [open, overdue] = children?.[r.item] ?? [0, 0, 0, 0];
    const score = scores.get(r.item) ?? null;
    // Before the first ranking the board is by open cases: its positions are ranks then.
    const ranked = ranking === null || ranking.length === 0 || score !== null;
    return {
      key: r.key,
      id: r.item,
      slot: r.slot,
      cells: [
        ranked ? <span className={`rank rank--${Math.min(r.rank, 4)}`}>{r.rank}</span> : <span className="rank rank--none">—</span>,
        names.get(r.item) ?? r.item,
        <span className="board__num board__num--score" data-score={score ?? ''}>
          {score === null ? '—' : score.toLocaleString(t.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}
        </span>,
        <span className="board__num">{open.toLocaleString(t.locale)}</span>,
        <span className={overdue > 0 ? 'board__num board__num--warn' : 'board__num'}>{overdue.toLocaleString(t.locale)}</span>,
      ],
    };
  });
  return (
    <section className="wall-panel__body">
      <ScrollBoard columns={columns} rows={rows} visibleRows={visibleRows} rowHeight={rowHeight} empty={t.noChildren} testId="children-board" />
    </section>
  );
}
