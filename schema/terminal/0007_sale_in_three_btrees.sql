-- A sale writes three b-trees instead of five (issue 2: a sale's durable
-- commit). Each b-tree a sale appends to costs at least one WAL page, and a
-- 5-line cash sale wrote about 6.8: outbox 1.5, lines 1.3, payments 1.15,
-- the UNIQUE index on sales(id) 1.1, sales 1.0, page 1 0.65. Two of them go:
--
-- 1. The payments move into their sale's row, as a JSON array of
--    [method, amount, reference] in tender order. A sale's payments are
--    written once with it and never change, and they are always read with
--    it or summed over a range of sales, which json_each does in place. The
--    view sale_payments shows them as the rows they were (pay_no from 1).
--
-- 2. Nothing looks a sale up by its uuid any more, so its UNIQUE index goes.
--    The uuid is v7 (time + 74 random bits) and the centre keys sales on it;
--    the terminal's index guarded nothing. The lines and returns that
--    referred to sales(id) refer to sales(receipt_seq), the table's own key,
--    and a line's reference shrinks from 36 characters to an integer.
--
-- (Rebuilding tables that others reference relies on the migration runner
-- turning foreign keys off and checking them all before it commits.)

DROP VIEW stock_movements;

CREATE TABLE sales_lean (
    receipt_seq   INTEGER PRIMARY KEY CHECK (receipt_seq > 0),
    id            TEXT NOT NULL,
    receipt_no    TEXT NOT NULL,
    shift_id      TEXT NOT NULL REFERENCES shifts(id),
    cashier_id    TEXT NOT NULL,
    cashier_name  TEXT NOT NULL,
    approved_by   TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    gross         INTEGER NOT NULL,
    discount      INTEGER NOT NULL,
    total         INTEGER NOT NULL,
    vat           INTEGER NOT NULL,
    paid          INTEGER NOT NULL,
    change_due    INTEGER NOT NULL,
    first_line_id INTEGER NOT NULL,
    last_line_id  INTEGER NOT NULL,
    payments      TEXT NOT NULL CHECK (json_type(payments) = 'array'),
    CHECK (total = gross - discount),
    CHECK (paid - change_due = total)
);
INSERT INTO sales_lean(receipt_seq, id, receipt_no, shift_id, cashier_id, cashier_name, approved_by, created_at,
                       gross, discount, total, vat, paid, change_due, first_line_id, last_line_id, payments)
    SELECT s.receipt_seq, s.id, s.receipt_no, s.shift_id, s.cashier_id, s.cashier_name, s.approved_by, s.created_at,
           s.gross, s.discount, s.total, s.vat, s.paid, s.change_due, s.first_line_id, s.last_line_id,
           (SELECT json_group_array(json_array(p.method, p.amount, p.reference))
            FROM (SELECT method, amount, reference FROM sale_payments WHERE sale_id = s.id ORDER BY pay_no) p)
    FROM sales s;

CREATE TABLE sale_lines_lean (
    id                  INTEGER PRIMARY KEY,
    sale_seq            INTEGER NOT NULL REFERENCES sales(receipt_seq),
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
INSERT INTO sale_lines_lean(id, sale_seq, line_no, product_code, gtin, name, unit, quantity, unit_price, gross,
                            discount, net, vat_rate, vat, lot, lot_expiry, expired_approved_by)
    SELECT l.id, s.receipt_seq, l.line_no, l.product_code, l.gtin, l.name, l.unit, l.quantity, l.unit_price, l.gross,
           l.discount, l.net, l.vat_rate, l.vat, l.lot, l.lot_expiry, l.expired_approved_by
    FROM sale_lines l JOIN sales s ON s.id = l.sale_id;

CREATE TABLE returns_lean (
    id           TEXT PRIMARY KEY,
    receipt_no   TEXT NOT NULL UNIQUE,
    receipt_seq  INTEGER NOT NULL UNIQUE,
    sale_seq     INTEGER NOT NULL REFERENCES sales(receipt_seq),
    sale_id      TEXT NOT NULL, -- the original sale's uuid, which the return's event carries
    shift_id     TEXT NOT NULL REFERENCES shifts(id),
    cashier_id   TEXT NOT NULL,
    cashier_name TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    total        INTEGER NOT NULL,
    vat          INTEGER NOT NULL
);
INSERT INTO returns_lean(id, receipt_no, receipt_seq, sale_seq, sale_id, shift_id, cashier_id, cashier_name, reason,
                         created_at, total, vat)
    SELECT r.id, r.receipt_no, r.receipt_seq, s.receipt_seq, r.sale_id, r.shift_id, r.cashier_id, r.cashier_name,
           r.reason, r.created_at, r.total, r.vat
    FROM returns r JOIN sales s ON s.id = r.sale_id;

DROP TABLE sale_payments;
DROP TABLE sale_lines;
DROP TABLE returns; -- and with it returns_sale and returns_created_at
DROP TABLE sales;
ALTER TABLE sales_lean RENAME TO sales;
ALTER TABLE sale_lines_lean RENAME TO sale_lines;
ALTER TABLE returns_lean RENAME TO returns;
CREATE INDEX returns_sale ON returns(sale_seq);
CREATE INDEX returns_created_at ON returns(created_at);

CREATE VIEW sale_payments AS
    SELECT s.receipt_seq AS sale_seq, s.id AS sale_id, p.key + 1 AS pay_no,
           p.value ->> 0 AS method, p.value ->> 1 AS amount, p.value ->> 2 AS reference
    FROM sales s, json_each(s.payments) p;

CREATE VIEW stock_movements AS
    SELECT id AS ledger_id, NULL AS sale_line_id, product_code, lot, quantity, kind, reference, created_at
    FROM stock_ledger
    UNION ALL
    SELECT NULL, l.id, l.product_code, l.lot, -l.quantity, 'sale', s.receipt_no, s.created_at
    FROM sale_lines l JOIN sales s ON s.receipt_seq = l.sale_seq;
