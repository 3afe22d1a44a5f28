import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ChildFigures, RankedUnit } from '../../../../shared/src/live/events.js';
import { LoopBoard } from '../boards/loopBoard.js';
import { entryKey, rankChildren, type RankEntry } from '../../figures/rankChildren.js';
import { useStepTimer } from '../boards/useStepTimer.js';
import { useStrings } from '../../i18n/useStrings.js';
import { ScrollBoard, type BoardColumn, type BoardRowView } from './ScrollBoard.js';

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
 * overdue cases, looping when longer than the board. Units with too few cases today to be judged
 * follow a divider, each with its count instead of a score. Rank and score come from the ranking
 * that placed the row (see LoopBoard); open and overdue are live.
 */
export function ChildrenPanel({ children, ranking, names, visibleRows, rowHeight }: ChildrenPanelProps) {
  const t = useStrings();
  const [board] = useState(() => new LoopBoard<RankEntry>({ visibleRows, stepMs: LOOP_STEP_MS, keyOf: entryKey }));
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const entries = useMemo(() => (children ? rankChildren(children, ranking) : null), [children, ranking]);
  useEffect(() => {
    if (!entries) return;
    board.setRanking(entries, Date.now());
    bump();
  }, [board, entries, bump]);
  useStepTimer(board, version, bump);

  const columns: BoardColumn[] = [
    { label: t.childrenColumns.rank, width: '64px', align: 'center' },
    { label: t.childrenColumns.name, width: '1fr' },
    { label: t.childrenColumns.score, width: '104px', align: 'right' },
    { label: t.childrenColumns.open, width: '88px', align: 'right' },
    { label: t.childrenColumns.overdue, width: '104px', align: 'right' },
  ];
  const number = (n: number) => n.toLocaleString(t.locale);
  const rows = board.rows().map(({ key, item, slot, glide }): BoardRowView => {
    if (item.kind === 'divider') return { key, slot, glide, span: true, cells: [t.rankTooFew] };
    const [open, overdue] = children?.[item.code] ?? [0, 0, 0, 0];
    const { rank, score, received } = item;
    return {
      key,
      id: item.code,
      slot,
      glide,
      cells: [
        rank !== null ? <span className={`rank rank--${Math.min(rank, 4)}`}>{rank}</span> : <span className="rank rank--none">—</span>,
        names.get(item.code) ?? item.code,
        score !== null ? (
          <span className="board__num board__num--score" data-score={score}>
            {score.toLocaleString(t.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}
          </span>
        ) : (
          <span className="board__num" data-score="" data-received={received ?? ''}>
            {received !== null ? t.rankSample(number(received)) : '—'}
          </span>
        ),
        <span className="board__num">{number(open)}</span>,
        <span className={overdue > 0 ? 'board__num board__num--warn' : 'board__num'}>{number(overdue)}</span>,
      ],
    };
  });
  return (
    <section className="wall-panel__body">
      <ScrollBoard columns={columns} rows={rows} visibleRows={visibleRows} rowHeight={rowHeight} empty={t.noChildren} testId="children-board" />
    </section>
  );
}
