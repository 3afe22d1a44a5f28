import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ChildFigures } from '../../../../shared/src/live/events.js';
import { LoopBoard } from '../boards/loopBoard.js';
import { rankChildren } from '../boards/rankChildren.js';
import { useStepTimer } from '../boards/useStepTimer.js';
import { useStrings } from '../i18n/useStrings.js';
import { ScrollBoard, type BoardColumn } from './ScrollBoard.js';

/** One row scrolls by every 3 s when the ranking is longer than the board: slow enough to read a line. */
const LOOP_STEP_MS = 3000;

export interface ChildrenPanelProps {
  /** aggregate.children of the followed area (null before the first snapshot). Remount for another area. */
  children: Readonly<Record<string, ChildFigures>> | null;
  names: ReadonlyMap<string, string>;
  visibleRows: number;
  rowHeight: number;
}

/** The followed area's children ranked by open cases, looping when longer than the board. */
export function ChildrenPanel({ children, names, visibleRows, rowHeight }: ChildrenPanelProps) {
  const t = useStrings();
  const [board] = useState(() => new LoopBoard({ visibleRows, stepMs: LOOP_STEP_MS }));
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const ranking = useMemo(() => (children ? rankChildren(children) : null), [children]);
  useEffect(() => {
    if (!ranking) return;
    board.setRanking(ranking, Date.now());
    bump();
  }, [board, ranking, bump]);
  useStepTimer(board, version, bump);

  const columns: BoardColumn[] = [
    { label: t.childrenColumns.rank, width: '64px', align: 'center' },
    { label: t.childrenColumns.name, width: '1fr' },
    { label: t.childrenColumns.open, width: '96px', align: 'right' },
    { label: t.childrenColumns.overdue, width: '88px', align: 'right' },
    { label: t.childrenColumns.newLastHour, width: '96px', align: 'right' },
  ];
  const rows = board.rows().map((r) => {
    const [open, overdue, newLastHour] = children?.[r.item] ?? [0, 0, 0, 0];
    return {
      key: r.key,
      id: r.item,
      slot: r.slot,
      cells: [
        <span className={`rank rank--${Math.min(r.rank, 4)}`}>{r.rank}</span>,
        names.get(r.item) ?? r.item,
        <span className="board__num">{open.toLocaleString(t.locale)}</span>,
        <span className={overdue > 0 ? 'board__num board__num--warn' : 'board__num'}>{overdue.toLocaleString(t.locale)}</span>,
        <span className="board__num">{newLastHour.toLocaleString(t.locale)}</span>,
      ],
    };
  });
  return (
    <section className="wall-panel__body">
      <ScrollBoard columns={columns} rows={rows} visibleRows={visibleRows} rowHeight={rowHeight} empty={t.noChildren} testId="children-board" />
    </section>
  );
}
