/** How a figure is written. `percent` takes a ratio (0.873 → 87.3%). */
export type FigureFormat = { kind: 'integer' } | { kind: 'decimal'; digits: number } | { kind: 'percent'; digits: number };

export const INTEGER: FigureFormat = { kind: 'integer' };

/** Shown while a figure has no value yet (before the first snapshot). */
export const NO_VALUE = '—';

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(format: FigureFormat, locale: string): Intl.NumberFormat {
  const key = `${locale}|${format.kind}|${format.kind === 'integer' ? 0 : format.digits}`;
  let f = formatters.get(key);
  if (!f) {
    const digits = format.kind === 'integer' ? 0 : format.digits;
    f = new Intl.NumberFormat(locale, {
      style: format.kind === 'percent' ? 'percent' : 'decimal',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, f); // bounded: one per locale × format used on the wall
  }
  return f;
}

export function formatFigure(value: number | null, format: FigureFormat, locale: string): string {
  return value === null || !Number.isFinite(value) ? NO_VALUE : formatter(format, locale).format(value);
}

/** One character of a written figure: a digit drum (0–9) or a fixed sign (separator, %, −). */
export interface Glyph {
  /** Counted from the right, so the units drum keeps its key when the figure grows a digit. */
  key: string;
  char: string;
  digit: number | null;
}

export function glyphs(text: string): Glyph[] {
  const chars = [...text];
  return chars.map((char, i) => {
    const fromRight = chars.length - 1 - i;
    const digit = char >= '0' && char <= '9' ? char.charCodeAt(0) - 48 : null;
    return { key: digit === null ? `${fromRight}:${char}` : `${fromRight}`, char, digit };
  });
}
