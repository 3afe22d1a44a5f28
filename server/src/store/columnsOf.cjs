'use strict';
/**
 * Rows (arrays of values in `names` order) → one Float64Array per column, by name; every value
 * must be a number or a numeric string (PostgreSQL's NUMERIC sums). Plain JavaScript: the read
 * threads (sqliteReader.cjs) and the TypeScript drivers (columns.ts) share this one implementation.
 */
function columnsOf(names, rows) {
  const out = {};
  names.forEach((name, j) => {
    const column = new Float64Array(rows.length);
    rows.forEach((row, i) => {
      const v = row[j];
      const number = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (Number.isNaN(number)) throw new TypeError(`column ${name}, row ${i}: expected a number, got ${v === null ? 'null' : JSON.stringify(v)}`);
      column[i] = number;
    });
    out[name] = column;
  });
  return out;
}

module.exports = { columnsOf };
