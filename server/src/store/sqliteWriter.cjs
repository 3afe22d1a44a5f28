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

// A history written in one go into an empty store (historyBegin … historyEnd). The tables' own
// indexes are dropped first and built once at the end: one sort each instead of ~1.5 M scattered
// b-tree inserts. Their CREATE statements wait meanwhile in history_unfinished, whose presence says
// "a history is being written": it goes in the transaction that drops the indexes and out in the
// one that builds them again, so a start that finds it knows the history was cut short.
const HISTORY_TABLES = ['cases', 'case_events'];
const historyMarked = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'history_unfinished'");
const historyIndexes = db.prepare(
  `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${HISTORY_TABLES.map(() => '?').join(', ')}) ORDER BY name`,
);

const beginHistory = db.transaction(() => {
  if (historyMarked.get()) throw new Error('history: an unfinished history is stored; discard it first');
  for (const table of HISTORY_TABLES) {
    if (db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get()) throw new Error(`history: ${table} is not empty`);
  }
  const indexes = historyIndexes.all(...HISTORY_TABLES);
  db.exec('CREATE TABLE history_unfinished (sql TEXT NOT NULL) STRICT');
  const keep = db.prepare('INSERT INTO history_unfinished (sql) VALUES (?)');
  for (const index of indexes) {
    keep.run(index.sql);
    db.exec(`DROP INDEX "${index.name}"`);
  }
});

/** Builds the kept indexes and removes the marker; with `discard`, empties the tables first. */
const finishHistory = db.transaction((discard) => {
  if (!historyMarked.get()) throw new Error('history: no history is being written');
  if (discard) {
    // case_events' triggers refuse DELETE (the timeline is immutable): set aside for the discard only.
    const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'case_events' ORDER BY name").all();
    for (const trigger of triggers) db.exec(`DROP TRIGGER "${trigger.name}"`);
    db.exec('DELETE FROM case_events; DELETE FROM cases;');
    for (const trigger of triggers) db.exec(trigger.sql);
  }
  for (const { sql } of db.prepare('SELECT sql FROM history_unfinished ORDER BY rowid').all()) db.exec(sql);
  db.exec('DROP TABLE history_unfinished');
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
    } else if (op === 'historyBegin') {
      // The marker and the dropped indexes are committed with the usual fsync, the rows that follow
      // with message.pragmas (no fsync per commit): until historyEnd, a crash leaves a history that
      // the next start discards.
      beginHistory.immediate();
      for (const pragma of message.pragmas) db.pragma(pragma);
      parentPort.postMessage({ id, ok: true, result: null });
    } else if (op === 'historyDiscard' && !historyMarked.get()) {
      parentPort.postMessage({ id, ok: true, result: false });
    } else if (op === 'historyEnd' || op === 'historyDiscard') {
      // The usual settings first, then a checkpoint (fsyncs the WAL, copies it, fsyncs the database):
      // every row is on disk before the commit that builds the indexes and removes the marker.
      for (const pragma of pragmas) db.pragma(pragma);
      db.pragma('wal_checkpoint(FULL)');
      for (const pragma of message.buildPragmas) db.pragma(pragma);
      try {
        finishHistory.immediate(op === 'historyDiscard');
        parentPort.postMessage({ id, ok: true, result: true });
      } finally {
        for (const pragma of pragmas) db.pragma(pragma);
      }
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
