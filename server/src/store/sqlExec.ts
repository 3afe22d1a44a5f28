/**
 * Plain SQL for small tables (accounts, tokens, audit) shared by both drivers: `?` placeholders,
 * rewritten to `$n` for PostgreSQL. The case tables keep their own tuned statements.
 */
export interface SqlExec {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** `?` → `$1, $2, ...` (our statements never contain a literal question mark). */
export function toPgPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
