'use strict';
/**
 * The SQLite store's writer thread (plain JavaScript so every runner loads it as is: tsx, vitest,
 * node). It owns the only writing connection: inserts and updates run here, each in one IMMEDIATE
 * transaction with synchronous=FULL, so the fsync and the b-tree work (about two thirds of an
 * ingest's cost) leave the server's event loop. Requests are answered in arrival order, after
 * commit. Rows arrive as positional arrays in CASE_COLUMNS order (see sqliteCaseStore.ts).
 */
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);

const { file, pragmas, insertSql, byExternalSql, transitionSql, eventSql, sourceIndex, channelIndex, externalIdIndex } = workerData;
const db = new Database(file);
for (const pragma of pragmas) db.pragma(pragma);
const insert = db.prepare(insertSql);
const byExternal = db.prepare(byExternalSql);
const transition = db.prepare(transitionSql);
const appendEvent = db.prepare(eventSql);

// Rows arrive flat (row after row, `width` values each): one array to clone between threads.
const insertAll = db.transaction((values, width) => {
  const count = values.length / width;
  // Per row: its seq (the rowid alias, from 1), or 0 where the row was not inserted.
  const inserted = new Float64Array(count);
  const existing = [];
  for (let i = 0; i < count; i++) {
    const row = values.slice(i * width, (i + 1) * width);
    const result = insert.run(row);
    if (result.changes === 1) {
      inserted[i] = Number(result.lastInsertRowid);
      continue;
    }
    // Only the (source, channel, external_id) conflict is absorbed; every other violation throws and rolls back.
    const external = row[externalIdIndex];
    const stored = external === null || row[sourceIndex] === null ? undefined : byExternal.get(row[sourceIndex], row[channelIndex], external);
    if (!stored) throw new Error(`case ${row[0]}: insert was skipped but no stored case has its external id`);
    existing.push(stored);
  }
  return { inserted, existing };
});

// Each item: [case update row (mutable columns, new version, id, expected version), event row].
// An item whose case moved on meanwhile (version differs) is skipped; its event is not written.
const transitionAll = db.transaction((items) => {
  const applied = new Uint8Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const [update, event] = items[i];
    if (transition.run(update).changes !== 1) continue;
    appendEvent.run(event);
    applied[i] = 1;
  }
  return applied;
});

// A history: cases stored as they are, then their events; any failure (an id already stored) rolls all back.
const insertHistory = db.transaction((values, width, events, eventWidth) => {
  for (let i = 0; i < values.length; i += width) {
    if (insert.run(values.slice(i, i + width)).changes !== 1) throw new Error(`history: case ${values[i]} conflicts with a stored case`);
  }
  for (let i = 0; i < events.length; i += eventWidth) appendEvent.run(events.slice(i, i + eventWidth));
});

parentPort.on('message', (message) => {
  const { id, op } = message;
  try {
    if (op === 'insert') {
      const result = insertAll.immediate(message.values, message.width);
      parentPort.postMessage({ id, ok: true, result }, [result.inserted.buffer]);
    } else if (op === 'transition') {
      const applied = transitionAll.immediate(message.items);
      parentPort.postMessage({ id, ok: true, result: applied }, [applied.buffer]);
    } else if (op === 'history') {
      // The rows come serialised (historyRows.ts): one string to copy between threads, parsed here.
      const [values, events] = JSON.parse(message.json);
      insertHistory.immediate(values, message.width, events, message.eventWidth);
      parentPort.postMessage({ id, ok: true, result: null });
    } else if (op === 'close') {
      db.close();
      parentPort.postMessage({ id, ok: true, result: null });
      parentPort.close();
    } else {
      throw new Error(`sqlite writer: unknown operation ${String(op)}`);
    }
  } catch (error) {
    parentPort.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error), code: error && error.code });
  }
});
