import { useCallback, useEffect, useState } from 'react';
import { gridStaffUrl, parseGridStaff, type GridWorker } from '../../api/gridStaff.js';
import { LoopBoard } from '../boards/loopBoard.js';
import { useStepTimer } from '../boards/useStepTimer.js';
import { usePolled } from '../../hooks/usePolled.js';
import { useStrings } from '../../i18n/useStrings.js';
import { STAFF_POLL_MS } from '../../live/useOnDutyStaff.js';
import { ScrollBoard, type BoardColumn, type BoardRowView } from './ScrollBoard.js';

/** The same cadence as the ranking board it replaces. */
const LOOP_STEP_MS = 3000;
const NONE: GridWorker[] = [];
const keyOf = (w: GridWorker): string => w.id;

export interface GridStaffPanelProps {
  /** The followed grid cell. Remount for another. */
  grid: string;
  visibleRows: number;
  rowHeight: number;
}

/**
 * A grid cell's people in place of a ranking of its children: cases are placed in grid cells, not
 * buildings, so a cell has nothing below it to rank, and what its operators look for is who is on
 * duty and what each holds. Polled every 30 s; looping like the ranking when longer than the board.
 */
export function GridStaffPanel({ grid, visibleRows, rowHeight }: GridStaffPanelProps) {
  const t = useStrings();
  const workers = usePolled(gridStaffUrl(grid), parseGridStaff, STAFF_POLL_MS, NONE);
  const [board] = useState(() => new LoopBoard<GridWorker>({ visibleRows, stepMs: LOOP_STEP_MS, keyOf }));
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  useEffect(() => {
    board.setRanking(workers, Date.now());
    bump();
  }, [board, workers, bump]);
  useStepTimer(board, version, bump);

  const columns: BoardColumn[] = [
    { label: t.gridStaffColumns.name, width: '1fr' },
    { label: t.gridStaffColumns.kind, width: '150px' },
    { label: t.gridStaffColumns.duty, width: '96px', align: 'center' },
    { label: t.gridStaffColumns.open, width: '88px', align: 'right' },
  ];
  const rows = board.rows().map(
    ({ key, item, slot, glide }): BoardRowView => ({
      key,
      id: item.id,
      slot,
      glide,
      cells: [
        item.name,
        t.workerKind[item.kind],
        <span className={item.onDuty ? 'duty duty--on' : 'duty duty--off'} data-on-duty={item.onDuty}>
          {item.onDuty ? t.onDuty : t.offDuty}
        </span>,
        <span className="board__num">{item.openCases.toLocaleString(t.locale)}</span>,
      ],
    }),
  );
  return (
    <section className="wall-panel__body">
      <ScrollBoard columns={columns} rows={rows} visibleRows={visibleRows} rowHeight={rowHeight} empty={t.noStaff} testId="grid-staff-board" />
    </section>
  );
}
