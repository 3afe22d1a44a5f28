'use strict';
/**
 * A read thread of the SQLite store (plain JavaScript so every runner loads it as is: tsx, vitest,
 * node). It owns a read-only connection: the heavy reads (KPI counts, trend counts, case lists
 * and their totals) run here, so a grouped query over a day of 800,000 cases (seconds of b-tree
 * work) never stalls the server's event loop. WAL lets it read beside the writer thread and see
 * every commit acknowledged before the request was sent.
 *
 * A request is a list of statements `{ sql, params, columns }`, run in one read transaction (one
 * snapshot of the database: a page and its total agree); the answer is their rows, in order, as
 * objects, or with `columns` as one Float64Array of numbers per column (columns.ts: a large grouped
 * count crosses to the main thread as a few transferred buffers, not as thousands of objects).
 */
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const { columnsOf } = require('./columnsOf.cjs');

const { file, pragmas } = workerData;
const db = new Database(file, { readonly: true, fileMustExist: true });
for (const pragma of pragmas) db.pragma(pragma);

// Prepared statements by SQL text, least recently used first. The texts vary only with the
// filters' shapes (list lengths, which filters), so a few hundred cover every live pattern.
const STATEMENTS_KEPT = 256;
const statements = new Map();
function prepared(sql) {
  let statement = statements.get(sql);
  if (statement) statements.delete(sql);
  else {
    statement = db.prepare(sql);
    if (statements.size >= STATEMENTS_KEPT) statements.delete(statements.keys().next().value);
  }
  statements.set(sql, statement);
  return statement;
}

/** The statement's rows as columns of numbers. */
function columnsOfStatement(statement, params) {
  let rows;
  try {
    rows = statement.raw(true).all(params);
  } finally {
    statement.raw(false); // the cached statement answers objects to its next caller
  }
  return columnsOf(
    statement.columns().map((c) => c.name),
    rows,
  );
}

const readAll = db.transaction((list) => list.map((s) => (s.columns ? columnsOfStatement(prepared(s.sql), s.params) : prepared(s.sql).all(s.params))));

/** The buffers of every column in a result: moved to the main thread, not copied. */
const buffersOf = (result) => result.flatMap((r) => (Array.isArray(r) ? [] : Object.values(r).map((c) => c.buffer)));

parentPort.on('message', (message) => {
  const { id, op } = message;
  try {
    if (op === 'read') {
      const result = readAll(message.statements);
      parentPort.postMessage({ id, ok: true, result }, buffersOf(result));
    } else if (op === 'close') {
      db.close();
      parentPort.postMessage({ id, ok: true, result: null });
      parentPort.close();
    } else {
      throw new Error(`sqlite reader: unknown operation ${String(op)}`);
    }
  } catch (error) {
    parentPort.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error), code: error && error.code });
  }
});
