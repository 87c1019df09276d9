-- A batch's new events are kept in zstd frames, one per 128 events (issue 3:
-- ingest speed and size). An event's canonical JSON (about 1.8 kB for a 5-line
-- sale) was stored in its own row, compressed alone by LZ4 to about
-- 1.24 kB: measured by COPYing a bench run's rows into bare tables, 13.5 of
-- the 15 us of server CPU an events row cost, and some 45% of a sale's
-- rows' cost in all. Compressed together, a batch's events share their
-- field names, product names and producers: 128 sales make a frame of
-- about 37 kB, some 290 bytes per event (250 for a whole batch of 500 in
-- one), and the compressing is done by ocop-central while the server
-- stores the batch's rows, each frame as soon as it is closed.
--
-- The frame's lines are the events' canonical JSON, one per line (JSON
-- escapes every newline in a text), in the order given by archive_line.
-- An event row has its raw text inline (events stored one by one: the
-- fallback path, and every event stored before this migration) or points
-- into its batch's archive: (terminal_id, archive_seq) is the archive's key,
-- archive_line its line. Neither kind is ever rewritten.
CREATE TABLE event_archives (
    terminal_id TEXT NOT NULL,
    first_seq   BIGINT NOT NULL,  -- the seq of its first event
    events      INTEGER NOT NULL,
    format      TEXT NOT NULL CHECK (format = 'zstd-jsonl'),
    body        BYTEA NOT NULL,
    PRIMARY KEY (terminal_id, first_seq)
);
-- Compressed already: stored out of line as it is, PostgreSQL does not try
-- to compress it again.
ALTER TABLE event_archives ALTER COLUMN body SET STORAGE EXTERNAL;

ALTER TABLE events ALTER COLUMN raw DROP NOT NULL;
ALTER TABLE events ADD COLUMN archive_seq BIGINT;
ALTER TABLE events ADD COLUMN archive_line INTEGER;
ALTER TABLE events ADD CONSTRAINT events_raw_kept
    CHECK (raw IS NOT NULL OR (archive_seq IS NOT NULL AND archive_line IS NOT NULL));
