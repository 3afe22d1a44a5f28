import type { SqlExec } from '../store/sqlExec.js';

/** The stars an administrator recorded for a community and year (the derived ones are never stored). */
export interface RecordedRating {
  community: string;
  year: number;
  stars: string[];
  note: string | null;
  /** The administrator's user name. */
  recordedBy: string;
  /** Epoch ms. */
  recordedAt: number;
}

interface Row {
  community: string;
  year: number | string;
  stars: string;
  note: string | null;
  recorded_by: string;
  recorded_at: number | string;
}

const COLUMNS = 'community, year, stars, note, recorded_by, recorded_at';

/** Recorded 五星支部 stars in the party_ratings table (SQLite or PostgreSQL, one statement set). */
export class PartyRatingStore {
  constructor(private readonly sql: SqlExec) {}

  /** Replaces the community's record for the year; answers the one it replaced, if any. */
  async record(rating: RecordedRating): Promise<RecordedRating | null> {
    const [before] = await this.sql.all<Row>(`SELECT ${COLUMNS} FROM party_ratings WHERE community = ? AND year = ?`, [rating.community, rating.year]);
    await this.sql.run(
      `INSERT INTO party_ratings (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (community, year) DO UPDATE SET stars = excluded.stars, note = excluded.note, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
      [rating.community, rating.year, JSON.stringify(rating.stars), rating.note, rating.recordedBy, rating.recordedAt],
    );
    return before ? fromRow(before) : null;
  }

  /** The year's records of the communities whose codes start with `prefix` (every community without one). */
  async inArea(prefix: string | undefined, year: number): Promise<Map<string, RecordedRating>> {
    const rows = prefix
      ? await this.sql.all<Row>(`SELECT ${COLUMNS} FROM party_ratings WHERE year = ? AND community >= ? AND community < ?`, [year, prefix, `${prefix}:`])
      : await this.sql.all<Row>(`SELECT ${COLUMNS} FROM party_ratings WHERE year = ?`, [year]);
    return new Map(rows.map((r) => [r.community, fromRow(r)]));
  }
}

function fromRow(r: Row): RecordedRating {
  return { community: r.community, year: Number(r.year), stars: JSON.parse(r.stars) as string[], note: r.note, recordedBy: r.recorded_by, recordedAt: Number(r.recorded_at) };
}
