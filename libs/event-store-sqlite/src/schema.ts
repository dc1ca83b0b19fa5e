/**
 * Tables of the event store inside the service's SQLite file (prefix `es_`; the read models own the rest).
 *
 * es_events: one row per event.
 *   global_position INTEGER PRIMARY KEY AUTOINCREMENT  -- the global order; AUTOINCREMENT so a position is never reused
 *   event_id TEXT UNIQUE, stream_id TEXT, stream_version INTEGER  -- UNIQUE(stream_id, stream_version)
 *   type, schema_version, occurred_at, recorded_at, actor, correlation_id, causation_id, reason (NULL when absent)
 *   data TEXT  -- the event's data as canonical JSON (canonicalJson from @pmt/kernel: keys sorted), the text the hash covers
 *   hash TEXT  -- chainHash(previous event's hash, this event) from @pmt/kernel
 * es_commands: command_id TEXT PRIMARY KEY -> stream_id, version, position (the first append's result),
 *   fingerprint (NULL when the command had none; added to files made before it by COMMAND_FINGERPRINT_MIGRATION).
 *
 * Tests tamper with these columns through raw SQL to check that verifyChain notices.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS es_events (
  global_position INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id        TEXT    NOT NULL UNIQUE,
  stream_id       TEXT    NOT NULL,
  stream_version  INTEGER NOT NULL CHECK (stream_version >= 1),
  type            TEXT    NOT NULL,
  schema_version  INTEGER NOT NULL,
  occurred_at     TEXT    NOT NULL,
  recorded_at     TEXT    NOT NULL,
  actor           TEXT    NOT NULL,
  correlation_id  TEXT    NOT NULL,
  causation_id    TEXT    NOT NULL,
  reason          TEXT,
  data            TEXT    NOT NULL,
  hash            TEXT    NOT NULL,
  UNIQUE (stream_id, stream_version)
);
CREATE TABLE IF NOT EXISTS es_commands (
  command_id TEXT    NOT NULL PRIMARY KEY,
  stream_id  TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  position   INTEGER NOT NULL,
  fingerprint TEXT
) WITHOUT ROWID;
`;

/** Files created before command fingerprints have es_commands without the column: added once, in place. */
export const COMMAND_FINGERPRINT_MIGRATION = 'ALTER TABLE es_commands ADD COLUMN fingerprint TEXT';

/** Column order of every event read; `toEvent` indexes rows by it. */
export const EVENT_COLUMNS =
  'global_position, event_id, stream_id, stream_version, type, schema_version, occurred_at, recorded_at, actor, correlation_id, causation_id, reason, data, hash';
