import { createRequire } from 'node:module';

/**
 * A result of numbers as columns by name: column[i] is row i's value. Large grouped counts (a
 * day's 16,600 cells × 24 hours) travel from a read thread as a few transferred buffers: handing
 * over 100,000 row arrays instead costs the receiving event loop 0.1–0.4 s to deserialize.
 */
export type Columns = Record<string, ArrayLike<number>>;

/** Rows (arrays of values in `names` order) → columns; every value must be a number or a numeric string (TypeError naming the column otherwise). */
export const columnsOf = (createRequire(import.meta.url)('./columnsOf.cjs') as { columnsOf: (names: readonly string[], rows: readonly unknown[][]) => Columns }).columnsOf;

/** The named columns of a result, in order; an Error names a missing one. */
export function columns<N extends readonly string[]>(result: Columns, ...names: N): { [K in keyof N]: ArrayLike<number> } {
  return names.map((name) => {
    const column = result[name];
    if (!column) throw new Error(`the result has no column ${name} (it has ${Object.keys(result).join(', ')})`);
    return column;
  }) as { [K in keyof N]: ArrayLike<number> };
}
