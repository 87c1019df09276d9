-- Each batch's new events are kept as one zstd frame, as on PostgreSQL
-- (postgresql/0006 says why and what the lines are): SQLite stored every
-- event's canonical JSON uncompressed, about 1.8 kB per sale, where the
-- batch's frame costs about 250 bytes per event.
CREATE TABLE event_archives (
    terminal_id TEXT NOT NULL,
    first_seq   BIGINT NOT NULL,  -- the seq of its first event
    events      INTEGER NOT NULL,
    format      TEXT NOT NULL CHECK (format = 'zstd-jsonl'),
    body        BLOB NOT NULL,
    PRIMARY KEY (terminal_id, first_seq)
) WITHOUT ROWID;

-- raw becomes optional, which SQLite's ALTER TABLE cannot do: the table is
-- made anew (nothing refers to events) and its rows copied as they are.
CREATE TABLE events_new (
    terminal_id  TEXT NOT NULL REFERENCES terminals(id),
    seq          BIGINT NOT NULL,
    uuid         TEXT UNIQUE,
    type         TEXT NOT NULL,
    point_code   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    received_at  BIGINT NOT NULL,
    content_hash TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('applied', 'quarantined')),
    reason       TEXT NOT NULL DEFAULT '',
    raw          TEXT,
    archive_seq  BIGINT,
    archive_line INTEGER,
    PRIMARY KEY (terminal_id, seq),
    CHECK (raw IS NOT NULL OR (archive_seq IS NOT NULL AND archive_line IS NOT NULL))
);
INSERT INTO events_new (terminal_id, seq, uuid, type, point_code, created_at, received_at, content_hash, status,
                        reason, raw)
    SELECT terminal_id, seq, uuid, type, point_code, created_at, received_at, content_hash, status, reason, raw
    FROM events;
DROP TABLE events;
ALTER TABLE events_new RENAME TO events;
CREATE INDEX events_quarantined ON events(status) WHERE status = 'quarantined';
