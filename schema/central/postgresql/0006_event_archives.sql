-- Each batch's new events are kept as one zstd frame (issue 3: ingest
-- speed and size). An event's canonical JSON (about 1.8 kB for a 5-line
-- sale) was stored in its own row, compressed alone by LZ4 to about
-- 1.24 kB: measured, two thirds of the bytes and half of the server's CPU
-- an event row cost. Compressed together, a batch's events share their
-- field names, product names and producers: 500 sales make a frame of
-- about 125 kB, some 250 bytes per event, and the compressing is done by
-- ocop-central while the server stores the batch's rows.
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
