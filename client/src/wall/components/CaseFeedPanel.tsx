import { useCallback, useEffect, useState } from 'react';
import type { CaseSummary } from '../../../../shared/src/live/events.js';
import { placeName } from '../../api/areaDetail.js';
import { FEED_BOARD_DEFAULTS, FeedBoard } from '../boards/feedBoard.js';
import { useStepTimer } from '../boards/useStepTimer.js';
import { beijingStamp } from '../../figures/cityTime.js';
import { useNow } from '../../hooks/useNow.js';
import { useStrings } from '../../i18n/useStrings.js';
import { ScrollBoard, type BoardColumn } from './ScrollBoard.js';

/** Often enough for the stamps to turn into dates within a minute of midnight. */
const DAY_CHECK_MS = 60_000;

export interface CaseFeedPanelProps {
  /** The feed's latest cases, newest first (null before the first snapshot). Remount for another area. */
  latest: readonly CaseSummary[] | null;
  names: ReadonlyMap<string, string>;
  visibleRows: number;
  rowHeight: number;
}

/** The newest cases, entering one at a time at the board's cadence (see FeedBoard). */
export function CaseFeedPanel({ latest, names, visibleRows, rowHeight }: CaseFeedPanelProps) {
  const t = useStrings();
  const [board] = useState(() => new FeedBoard<CaseSummary>({ ...FEED_BOARD_DEFAULTS, visibleRows }));
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  useEffect(() => {
    if (!latest) return;
    board.receive(latest);
    bump();
  }, [board, latest, bump]);
  useStepTimer(board, version, bump);
  const now = useNow(DAY_CHECK_MS);

  const columns: BoardColumn[] = [
    { label: t.feedColumns.time, width: '80px' }, // HH:mm today, MM-DD before: one width
    { label: t.feedColumns.category, width: '1fr' },
    { label: t.feedColumns.urgency, width: '104px', align: 'center' },
    { label: t.feedColumns.place, width: '1.3fr' },
    { label: t.feedColumns.status, width: '136px', align: 'right' },
  ];
  const rows = board.rows.map((c, slot) => ({
    key: c.id,
    id: c.id,
    slot,
    entering: c.id === board.entering,
    cells: [
      <span className="board__time">{beijingStamp(Date.parse(c.reportedAt), now)}</span>,
      <>
        {t.categoryName(c.category)}
        {c.supervised ? (
          <span className="supervised-mark" data-supervised={c.supervised.count}>
            {t.supervisedMark}
          </span>
        ) : null}
      </>,
      <span className={`urgency urgency--${c.urgency}`}>{t.urgency[c.urgency]}</span>,
      placeName(c.grid, names),
      <span className={`status status--${c.status}`}>{t.status[c.status]}</span>,
    ],
  }));
  return (
    <section className="wall-panel__body" data-queued={board.queued} data-dropped={board.dropped}>
      <ScrollBoard columns={columns} rows={rows} visibleRows={visibleRows} rowHeight={rowHeight} empty={t.noCases} testId="case-feed" />
    </section>
  );
}
