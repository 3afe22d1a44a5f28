import type { CSSProperties } from 'react';
import { formatFigure, glyphs, INTEGER, type FigureFormat } from '../../figures/figureFormat.js';

const DIGITS = '0123456789';

export interface FlipCounterProps {
  /** null until the first value arrives. */
  value: number | null;
  label: string;
  /** Written after the figure, smaller (件, %, 人); empty for none. */
  unit?: string;
  format?: FigureFormat;
  locale: string;
  /** Accent colour class: 'warn' for figures that are bad when high (overdue). */
  tone?: 'normal' | 'warn';
  testId?: string;
}

/**
 * A flip-digit counter (数字翻牌器): each digit is a drum of 0–9 that rolls to its new place with
 * a CSS transition (no JavaScript animation, no timers), so a value that changes 4 times a
 * second stays smooth. Works for any figure: counts, percentages, decimals.
 */
export function FlipCounter({ value, label, unit = '', format = INTEGER, locale, tone = 'normal', testId }: FlipCounterProps) {
  const text = formatFigure(value, format, locale);
  const parts = glyphs(text);
  return (
    <div className={`flip flip--${tone}`} data-testid={testId} data-value={value ?? ''} role="group" aria-label={`${label} ${text}${unit}`}>
      <div className="flip__figure" aria-hidden="true" style={{ '--glyphs': parts.length + (unit ? 1 : 0) } as CSSProperties}>
        {parts.map((g) =>
          g.digit === null ? (
            <span key={g.key} className="flip__sign">
              {g.char}
            </span>
          ) : (
            <span key={g.key} className="flip__tile">
              <span className="flip__drum" style={{ transform: `translateY(${-g.digit * 10}%)` }}>
                {DIGITS.split('').map((d) => (
                  <span key={d}>{d}</span>
                ))}
              </span>
            </span>
          ),
        )}
        {unit && <span className="flip__unit">{unit}</span>}
      </div>
      <div className="flip__label">{label}</div>
    </div>
  );
}
