-- A sale's durable commit costs time in proportion to the pages it writes to
-- the WAL. Four of the ~18 pages a 5-line sale wrote belonged to b-trees
-- that only restated what other rows already say; they go.
-- (Rebuilding sales, which other tables reference, relies on the migration
-- runner turning foreign keys off and checking them all before it commits.)

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

-- 4. A sale's lines. Appending to a WITHOUT ROWID b-tree splits its last
--    leaf by sharing cells with two siblings, about 3 pages a sale; a rowid
--    table's last leaf just gets a new page to its right. The lines become a
--    rowid table, each sale's lines contiguous ids written in its own
--    transaction, and the sale records that range (below) in place of the
--    (sale_id, line_no) key.
CREATE TABLE sale_lines_by_id (
    id                  INTEGER PRIMARY KEY,
    sale_id             TEXT NOT NULL REFERENCES sales(id),
    line_no             INTEGER NOT NULL,
    product_code        TEXT NOT NULL,
    gtin                TEXT NOT NULL DEFAULT '',
    name                TEXT NOT NULL,
    unit                TEXT NOT NULL DEFAULT '',
    quantity            INTEGER NOT NULL CHECK (quantity > 0),
    unit_price          INTEGER NOT NULL,
    gross               INTEGER NOT NULL,
    discount            INTEGER NOT NULL,
    net                 INTEGER NOT NULL,
    vat_rate            INTEGER NOT NULL,
    vat                 INTEGER NOT NULL,
    lot                 TEXT NOT NULL DEFAULT '',
    lot_expiry          TEXT NOT NULL DEFAULT '',
    expired_approved_by TEXT NOT NULL DEFAULT ''
);
INSERT INTO sale_lines_by_id(sale_id, line_no, product_code, gtin, name, unit, quantity, unit_price, gross,
                             discount, net, vat_rate, vat, lot, lot_expiry, expired_approved_by)
    SELECT l.sale_id, l.line_no, l.product_code, l.gtin, l.name, l.unit, l.quantity, l.unit_price, l.gross,
           l.discount, l.net, l.vat_rate, l.vat, l.lot, l.lot_expiry, l.expired_approved_by
    FROM sale_lines l JOIN sales s ON s.id = l.sale_id ORDER BY s.receipt_seq, l.line_no;
DROP TABLE sale_lines;
ALTER TABLE sale_lines_by_id RENAME TO sale_lines;
CREATE TEMP TABLE sale_line_ranges (sale_id TEXT PRIMARY KEY, first_id INTEGER NOT NULL, last_id INTEGER NOT NULL);
INSERT INTO sale_line_ranges SELECT sale_id, min(id), max(id) FROM sale_lines GROUP BY sale_id;

-- 5. A sale is keyed by its receipt sequence: the table's own b-tree is then
--    the receipt_seq index, and receipt_no, which is POINT-TERMINAL-SEQ, is
--    looked up through the seq it ends with (and compared in full) instead of
--    through an index of its own. Its uniqueness follows from the seq's.
CREATE TABLE sales_by_seq (
    receipt_seq  INTEGER PRIMARY KEY CHECK (receipt_seq > 0),
    id           TEXT NOT NULL UNIQUE,
    receipt_no   TEXT NOT NULL,
    shift_id     TEXT NOT NULL REFERENCES shifts(id),
    cashier_id   TEXT NOT NULL,
    cashier_name TEXT NOT NULL,
    approved_by  TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    gross        INTEGER NOT NULL,
    discount     INTEGER NOT NULL,
    total        INTEGER NOT NULL,
    vat          INTEGER NOT NULL,
    paid         INTEGER NOT NULL,
    change_due   INTEGER NOT NULL,
    first_line_id INTEGER NOT NULL,
    last_line_id  INTEGER NOT NULL,
    CHECK (total = gross - discount),
    CHECK (paid - change_due = total)
);
INSERT INTO sales_by_seq(receipt_seq, id, receipt_no, shift_id, cashier_id, cashier_name, approved_by, created_at,
                         gross, discount, total, vat, paid, change_due, first_line_id, last_line_id)
    SELECT s.receipt_seq, s.id, s.receipt_no, s.shift_id, s.cashier_id, s.cashier_name, s.approved_by, s.created_at,
           s.gross, s.discount, s.total, s.vat, s.paid, s.change_due, coalesce(r.first_id, 1), coalesce(r.last_id, 0)
    FROM sales s LEFT JOIN sale_line_ranges r ON r.sale_id = s.id;
DROP TABLE sales; -- and with it sales_shift
ALTER TABLE sales_by_seq RENAME TO sales;
CREATE INDEX sales_created_at ON sales(created_at);
DROP TABLE sale_line_ranges;
