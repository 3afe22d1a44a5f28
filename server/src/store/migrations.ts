/**
 * Versioned schema migrations, oldest first. A released entry is never edited: change the schema
 * by appending a new version. Each driver applies the pending ones in one transaction and records
 * them in `schema_migrations`.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'cases',
    // seq is the rowid alias (so VACUUM keeps it): insertion order for scan(), max + 1 per insert
    // because rows are never deleted. Times are epoch ms. NULL external ids never conflict.
    sqlite: `
      CREATE TABLE cases (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        channel TEXT NOT NULL,
        category TEXT NOT NULL,
        subcategory TEXT NOT NULL,
        urgency TEXT NOT NULL,
        lon REAL NOT NULL,
        lat REAL NOT NULL,
        address TEXT,
        description TEXT NOT NULL,
        reporter_name TEXT,
        reporter_phone TEXT,
        status TEXT NOT NULL,
        district TEXT NOT NULL,
        street TEXT NOT NULL,
        community TEXT NOT NULL,
        grid TEXT NOT NULL,
        external_id TEXT,
        reported_at INTEGER NOT NULL,
        registered_at INTEGER,
        dispatched_at INTEGER,
        accepted_at INTEGER,
        handled_at INTEGER,
        verified_at INTEGER,
        closed_at INTEGER,
        deadline INTEGER,
        UNIQUE (channel, external_id)
      ) STRICT;
      CREATE INDEX cases_district_reported ON cases (district, reported_at);
      CREATE INDEX cases_grid_reported ON cases (grid, reported_at);
      CREATE INDEX cases_status_reported ON cases (status, reported_at);
      CREATE INDEX cases_reported_id ON cases (reported_at, id);
    `,
    // id in the "C" collation: byte order like SQLite, and cheaper than a locale's.
    postgres: `
      CREATE TABLE cases (
        seq BIGINT GENERATED ALWAYS AS IDENTITY,
        id TEXT COLLATE "C" PRIMARY KEY,
        channel TEXT NOT NULL,
        category TEXT NOT NULL,
        subcategory TEXT NOT NULL,
        urgency TEXT NOT NULL,
        lon DOUBLE PRECISION NOT NULL,
        lat DOUBLE PRECISION NOT NULL,
        address TEXT,
        description TEXT NOT NULL,
        reporter_name TEXT,
        reporter_phone TEXT,
        status TEXT NOT NULL,
        district TEXT NOT NULL,
        street TEXT NOT NULL,
        community TEXT NOT NULL,
        grid TEXT NOT NULL,
        external_id TEXT,
        reported_at BIGINT NOT NULL,
        registered_at BIGINT,
        dispatched_at BIGINT,
        accepted_at BIGINT,
        handled_at BIGINT,
        verified_at BIGINT,
        closed_at BIGINT,
        deadline BIGINT,
        CONSTRAINT cases_channel_external_id_key UNIQUE (channel, external_id)
      );
      CREATE UNIQUE INDEX cases_seq ON cases (seq);
      CREATE INDEX cases_district_reported ON cases (district, reported_at);
      CREATE INDEX cases_grid_reported ON cases (grid, reported_at);
      CREATE INDEX cases_status_reported ON cases (status, reported_at);
      CREATE INDEX cases_reported_id ON cases (reported_at, id);
    `,
  },
  {
    version: 2,
    name: 'closed loop: handling level, assignee, counters, stage deadline, version, verification timeliness; case events',
    // case_events is append-only: triggers refuse UPDATE and DELETE, so the timeline is immutable.
    sqlite: `
      ALTER TABLE cases ADD COLUMN level TEXT NOT NULL DEFAULT 'grid';
      ALTER TABLE cases ADD COLUMN assignee TEXT;
      ALTER TABLE cases ADD COLUMN reworks INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE cases ADD COLUMN extensions INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE cases ADD COLUMN stage_deadline INTEGER;
      ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE cases ADD COLUMN verified_on_time INTEGER;
      CREATE INDEX cases_deadline ON cases (deadline) WHERE deadline IS NOT NULL;
      CREATE TABLE case_events (
        seq INTEGER PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases (id),
        at INTEGER NOT NULL,
        action TEXT NOT NULL,
        from_status TEXT NOT NULL,
        to_status TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        actor_role TEXT NOT NULL,
        level TEXT NOT NULL,
        assignee TEXT,
        note TEXT
      ) STRICT;
      CREATE INDEX case_events_case ON case_events (case_id, seq);
      CREATE INDEX case_events_at ON case_events (at);
      CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events BEGIN SELECT RAISE(ABORT, 'case events are immutable'); END;
      CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events BEGIN SELECT RAISE(ABORT, 'case events are immutable'); END;
    `,
    postgres: `
      ALTER TABLE cases
        ADD COLUMN level TEXT NOT NULL DEFAULT 'grid',
        ADD COLUMN assignee TEXT,
        ADD COLUMN reworks INTEGER NOT NULL DEFAULT 0,
        ADD COLUMN extensions INTEGER NOT NULL DEFAULT 0,
        ADD COLUMN stage_deadline BIGINT,
        ADD COLUMN version INTEGER NOT NULL DEFAULT 0,
        ADD COLUMN verified_on_time INTEGER;
      CREATE INDEX cases_deadline ON cases (deadline) WHERE deadline IS NOT NULL;
      CREATE TABLE case_events (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        case_id TEXT COLLATE "C" NOT NULL REFERENCES cases (id),
        at BIGINT NOT NULL,
        action TEXT NOT NULL,
        from_status TEXT NOT NULL,
        to_status TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        actor_role TEXT NOT NULL,
        level TEXT NOT NULL,
        assignee TEXT,
        note TEXT
      );
      CREATE INDEX case_events_case ON case_events (case_id, seq);
      CREATE INDEX case_events_at ON case_events (at);
      CREATE FUNCTION case_events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'case events are immutable'; END $$;
      CREATE TRIGGER case_events_immutable BEFORE UPDATE OR DELETE ON case_events
        FOR EACH ROW EXECUTE FUNCTION case_events_immutable();
    `,
  },
  {
    version: 3,
    name: 'accounts, tokens (sessions, wall devices, API keys), audit log',
    // Tokens are stored as SHA-256 hashes only: a copy of the database signs nobody in.
    sqlite: `
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        scope TEXT NOT NULL,
        kind TEXT NOT NULL,
        password_hash TEXT,
        created_at INTEGER NOT NULL,
        created_by TEXT,
        disabled INTEGER NOT NULL DEFAULT 0,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER
      );
      CREATE TABLE tokens (
        token_hash TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts (id),
        kind TEXT NOT NULL,
        label TEXT,
        created_at INTEGER NOT NULL,
        created_by TEXT,
        expires_at INTEGER,
        revoked_at INTEGER
      );
      CREATE INDEX tokens_account ON tokens (account_id);
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor_id TEXT,
        actor_role TEXT,
        actor_scope TEXT,
        ip TEXT,
        action TEXT NOT NULL,
        target TEXT,
        area TEXT,
        outcome TEXT NOT NULL,
        detail TEXT
      );
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `,
    postgres: `
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        scope TEXT NOT NULL,
        kind TEXT NOT NULL,
        password_hash TEXT,
        created_at BIGINT NOT NULL,
        created_by TEXT,
        disabled INTEGER NOT NULL DEFAULT 0,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until BIGINT
      );
      CREATE TABLE tokens (
        token_hash TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts (id),
        kind TEXT NOT NULL,
        label TEXT,
        created_at BIGINT NOT NULL,
        created_by TEXT,
        expires_at BIGINT,
        revoked_at BIGINT
      );
      CREATE INDEX tokens_account ON tokens (account_id);
      CREATE TABLE audit_log (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at BIGINT NOT NULL,
        actor_id TEXT,
        actor_role TEXT,
        actor_scope TEXT,
        ip TEXT,
        action TEXT NOT NULL,
        target TEXT,
        area TEXT,
        outcome TEXT NOT NULL,
        detail TEXT
      );
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    `,
  },
  {
    version: 4,
    name: 'closures by time',
    // The 24-hour trend counts closures per hour (closed_at in a window): without this index that
    // is a scan of the whole table every refresh. Partial: open cases (most writes) skip it.
    sqlite: `CREATE INDEX cases_closed ON cases (closed_at) WHERE closed_at IS NOT NULL;`,
    postgres: `CREATE INDEX cases_closed ON cases (closed_at) WHERE closed_at IS NOT NULL;`,
  },
  {
    version: 5,
    name: 'external ids unique per source: the submitting account (cases.source)',
    // A resent external id matched any source's case in any area. The key now holds the source:
    // (source, channel, external_id); rows stored before have no source (NULL) and match nothing.
    // SQLite cannot drop a table's constraint: the table is rebuilt (seq and every row kept; the
    // runner turns foreign keys off meanwhile and checks them before commit) and its indexes made
    // again. The unique index also serves source = ? (a source reading its own cases).
    sqlite: `
      CREATE TABLE cases_v5 (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        channel TEXT NOT NULL,
        category TEXT NOT NULL,
        subcategory TEXT NOT NULL,
        urgency TEXT NOT NULL,
        lon REAL NOT NULL,
        lat REAL NOT NULL,
        address TEXT,
        description TEXT NOT NULL,
        reporter_name TEXT,
        reporter_phone TEXT,
        status TEXT NOT NULL,
        district TEXT NOT NULL,
        street TEXT NOT NULL,
        community TEXT NOT NULL,
        grid TEXT NOT NULL,
        external_id TEXT,
        reported_at INTEGER NOT NULL,
        registered_at INTEGER,
        dispatched_at INTEGER,
        accepted_at INTEGER,
        handled_at INTEGER,
        verified_at INTEGER,
        closed_at INTEGER,
        deadline INTEGER,
        level TEXT NOT NULL DEFAULT 'grid',
        assignee TEXT,
        reworks INTEGER NOT NULL DEFAULT 0,
        extensions INTEGER NOT NULL DEFAULT 0,
        stage_deadline INTEGER,
        version INTEGER NOT NULL DEFAULT 0,
        verified_on_time INTEGER,
        source TEXT,
        UNIQUE (source, channel, external_id)
      ) STRICT;
      INSERT INTO cases_v5 (seq, id, channel, category, subcategory, urgency, lon, lat, address, description, reporter_name, reporter_phone,
        status, district, street, community, grid, external_id, reported_at, registered_at, dispatched_at, accepted_at, handled_at,
        verified_at, closed_at, deadline, level, assignee, reworks, extensions, stage_deadline, version, verified_on_time)
      SELECT seq, id, channel, category, subcategory, urgency, lon, lat, address, description, reporter_name, reporter_phone,
        status, district, street, community, grid, external_id, reported_at, registered_at, dispatched_at, accepted_at, handled_at,
        verified_at, closed_at, deadline, level, assignee, reworks, extensions, stage_deadline, version, verified_on_time
      FROM cases;
      DROP TABLE cases;
      ALTER TABLE cases_v5 RENAME TO cases;
      CREATE INDEX cases_district_reported ON cases (district, reported_at);
      CREATE INDEX cases_grid_reported ON cases (grid, reported_at);
      CREATE INDEX cases_status_reported ON cases (status, reported_at);
      CREATE INDEX cases_reported_id ON cases (reported_at, id);
      CREATE INDEX cases_deadline ON cases (deadline) WHERE deadline IS NOT NULL;
      CREATE INDEX cases_closed ON cases (closed_at) WHERE closed_at IS NOT NULL;
    `,
    postgres: `
      ALTER TABLE cases ADD COLUMN source TEXT;
      ALTER TABLE cases DROP CONSTRAINT cases_channel_external_id_key;
      ALTER TABLE cases ADD CONSTRAINT cases_source_external_id_key UNIQUE (source, channel, external_id);
    `,
  },
  {
    version: 6,
    name: 'party: 五星支部 stars recorded per community and year',
    // One row per community and year, replaced by each new record (its history is in the audit log).
    // stars: a JSON array of the recorded star keys (the derived stars are computed, never stored).
    sqlite: `
      CREATE TABLE party_ratings (
        community TEXT NOT NULL,
        year INTEGER NOT NULL,
        stars TEXT NOT NULL,
        note TEXT,
        recorded_by TEXT NOT NULL,
        recorded_at INTEGER NOT NULL,
        PRIMARY KEY (community, year)
      ) STRICT;
    `,
    postgres: `
      CREATE TABLE party_ratings (
        community TEXT COLLATE "C" NOT NULL,
        year INTEGER NOT NULL,
        stars TEXT NOT NULL,
        note TEXT,
        recorded_by TEXT NOT NULL,
        recorded_at BIGINT NOT NULL,
        PRIMARY KEY (community, year)
      );
    `,
  },
  {
    version: 7,
    name: '督办: how often a case was urged, the latest time and account',
    // Each urging is also an event of its own in case_events (action 'supervise'); these columns
    // let a case list show the mark without reading events.
    sqlite: `
      ALTER TABLE cases ADD COLUMN supervised_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE cases ADD COLUMN supervised_at INTEGER;
      ALTER TABLE cases ADD COLUMN supervised_by TEXT;
    `,
    postgres: `
      ALTER TABLE cases
        ADD COLUMN supervised_count INTEGER NOT NULL DEFAULT 0,
        ADD COLUMN supervised_at BIGINT,
        ADD COLUMN supervised_by TEXT;
    `,
  },
  {
    version: 9,
    name: 'wall steering: named scenes of an area (area, metric, layers, tour)',
    // layers: a comma list of the live layer ids; tour_seconds 0 means no tour.
    sqlite: `
      CREATE TABLE wall_scenes (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        area TEXT NOT NULL,
        metric TEXT NOT NULL,
        layers TEXT NOT NULL,
        tour_seconds INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (area, name)
      ) STRICT;
    `,
    postgres: `
      CREATE TABLE wall_scenes (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        area TEXT COLLATE "C" NOT NULL,
        metric TEXT NOT NULL,
        layers TEXT NOT NULL,
        tour_seconds INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        UNIQUE (area, name)
      );
    `,
  },
  {
    version: 10,
    name: '党建引领: cases reported or handled by party members',
    // 0/1 flags; cases stored before are counted as neither. /api/party sums them per community.
    sqlite: `
      ALTER TABLE cases ADD COLUMN reporter_party INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE cases ADD COLUMN handler_party INTEGER NOT NULL DEFAULT 0;
    `,
    postgres: `
      ALTER TABLE cases
        ADD COLUMN reporter_party INTEGER NOT NULL DEFAULT 0,
        ADD COLUMN handler_party INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 11,
    name: "accounts: the roster worker (W…) a person's account stands for",
    // NULL: no roster worker linked. Set by an administrator (POST/PATCH /api/accounts, workerId),
    // checked against the roster and the account's area there; the desk lists that worker's cases first.
    sqlite: `ALTER TABLE accounts ADD COLUMN worker_id TEXT;`,
    postgres: `ALTER TABLE accounts ADD COLUMN worker_id TEXT;`,
  },
];

export const LATEST_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/** The migrations above `appliedVersion`, in order; throws if the database is newer than this build. */
export function pendingMigrations(appliedVersion: number, where: string): Migration[] {
  assertKnownVersion(appliedVersion, where);
  return [...MIGRATIONS].sort((a, b) => a.version - b.version).filter((m) => m.version > appliedVersion);
}

export function assertKnownVersion(appliedVersion: number, where: string): void {
  if (appliedVersion > LATEST_VERSION) {
    throw new Error(
      `${where} has schema version ${appliedVersion}, but this server knows versions up to ${LATEST_VERSION}: ` +
        'it was written by a newer release. Run that release (or newer), or point this one at another database.',
    );
  }
}
