-- A sale's durable commit costs time in proportion to the pages it writes to
-- the WAL. Four of the ~18 pages a 5-line sale wrote belonged to b-trees
-- that only restated what other rows already say; they go.

-- 1. The counters. The next receipt number is one past the highest in sales
--    and returns (both have a UNIQUE index on receipt_seq, so that is two
--    rightmost-leaf reads); the next event seq is outbox's next rowid. The
--    counters row, rewritten by every sale, is gone; sequences now holds the
--    outbox's ack watermark only, written when the centre acknowledges.
--
-- 2. The outbox. Event uuids are v7 (time + 74 random bits), unique by
--    construction and deduplicated by the centre's UNIQUE(uuid); the
--    terminal's own unique index on them guarded nothing. Pending events are
--    found as the rows past the ack watermark (the centre acks in seq order,
--    so every event at or below it is acked or quarantined) instead of through
--    an index on status that every sale and every ack rewrote. Quarantined
--    events, rare, keep a partial index that no sale touches.
CREATE TABLE outbox_lean (
    seq        INTEGER PRIMARY KEY,
    uuid       TEXT NOT NULL,
    type       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    payload    TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'acked', 'quarantined')),
    acked_at   INTEGER,
    error      TEXT NOT NULL DEFAULT ''
);
INSERT INTO outbox_lean(seq, uuid, type, created_at, payload, status, acked_at, error)
    SELECT seq, uuid, type, created_at, payload, status, acked_at, error FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_lean RENAME TO outbox;
CREATE INDEX outbox_quarantined ON outbox(seq) WHERE status = 'quarantined';

DELETE FROM sequences;
INSERT INTO sequences(name, value)
    SELECT 'acked_through', coalesce((SELECT min(seq) - 1 FROM outbox WHERE status = 'pending'),
                                     (SELECT max(seq) FROM outbox), 0);

-- 3. A shift's sales. One shift is open at a time and every receipt number is
--    drawn in order, so a shift's sales and returns are those of its receipt
--    range with its id; the range is recorded on the shift and read through
--    the receipt_seq index, in place of an index on shift_id.
ALTER TABLE shifts ADD COLUMN first_receipt_seq INTEGER;
ALTER TABLE shifts ADD COLUMN last_receipt_seq INTEGER;
UPDATE shifts SET first_receipt_seq = coalesce(
    (SELECT min(seq) FROM (SELECT min(receipt_seq) AS seq FROM sales WHERE shift_id = shifts.id
                           UNION ALL SELECT min(receipt_seq) FROM returns WHERE shift_id = shifts.id)),
    1 + max(coalesce((SELECT max(receipt_seq) FROM sales), 0), coalesce((SELECT max(receipt_seq) FROM returns), 0)));
UPDATE shifts SET last_receipt_seq = max(first_receipt_seq - 1, coalesce(
    (SELECT max(seq) FROM (SELECT max(receipt_seq) AS seq FROM sales WHERE shift_id = shifts.id
                           UNION ALL SELECT max(receipt_seq) FROM returns WHERE shift_id = shifts.id)), 0))
    WHERE closed_at IS NOT NULL;
DROP INDEX sales_shift;
