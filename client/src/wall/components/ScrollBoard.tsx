import type { ReactNode } from 'react';

export interface BoardColumn {
  label: string;
  /** CSS grid track, e.g. '1fr' or '96px' (design units). */
  width: string;
  align?: 'left' | 'right' | 'center';
}

export interface BoardRowView {
  key: string;
  /** 0 = top row in view; rows outside 0 .. visibleRows-1 are drawn but clipped (leaving or waiting). */
  slot: number;
  /** Slides in from above when it first appears (a new case). */
  entering?: boolean;
  /** False: the row jumps to a new slot instead of gliding (rows re-sorted would cross each other). */
  glide?: boolean;
  /** One cell across every column (a divider line), instead of a cell per column. */
  span?: boolean;
  cells: ReactNode[];
  /** Exposed as data-row-id (tests, operators' DOM inspection); none for a divider. */
  id?: string;
}

export interface ScrollBoardProps {
  columns: readonly BoardColumn[];
  rows: readonly BoardRowView[];
  visibleRows: number;
  /** Design units. */
  rowHeight: number;
  empty: string;
  testId: string;
}

/**
 * The body of a 轮播表: rows absolutely placed by slot, moved with a CSS transform transition, so
 * a row keeps its DOM node (by key) while it glides from slot to slot; nothing is re-laid out.
 * The DOM holds only the rows passed in (the board models bound them to visibleRows + 2).
 */
export function ScrollBoard({ columns, rows, visibleRows, rowHeight, empty, testId }: ScrollBoardProps) {
  const template = columns.map((c) => c.width).join(' ');
  return (
    <div className="board" data-testid={testId}>
      <div className="board__head" style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <div key={c.label} className={`board__cell board__cell--${c.align ?? 'left'}`}>
            {c.label}
          </div>
        ))}
      </div>
      <div className="board__body" style={{ height: visibleRows * rowHeight }}>
        {rows.length === 0 && <div className="board__empty">{empty}</div>}
        {rows.map((row) => (
          <div
            key={row.key}
            className={row.entering ? 'board__row board__row--enter' : 'board__row'}
            data-row-id={row.id}
            data-slot={row.slot}
            style={{ gridTemplateColumns: template, height: rowHeight, transform: `translateY(${row.slot * rowHeight}px)`, ...(row.glide === false ? { transition: 'none' } : {}) }}
          >
            {row.span ? (
              <div className="board__cell board__cell--divider" style={{ gridColumn: '1 / -1' }}>
                {row.cells}
              </div>
            ) : (
              row.cells.map((cell, i) => (
                <div key={i} className={`board__cell board__cell--${columns[i]?.align ?? 'left'}`}>
                  {cell}
                </div>
              ))
            )}
          </div>
        ))}
      </div>
    </div>
  );
}
