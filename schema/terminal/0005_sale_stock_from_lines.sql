-- Stock sold is read from the sale lines (issue 2: a sale's durable commit).
-- A sale wrote one ledger row per line restating the line (product, lot,
-- quantity): five INSERTs and about one WAL page a sale, for nothing the
-- lines do not already say. The ledger keeps the movements that have no
-- other home (opening, receipt, return, transfer, adjustment, count), and the
-- view stock_movements is the one place every movement is read from, with
-- the ledger's columns (a sale's reference is its receipt number, as before).
-- The centre made the same move (schema/central/*/0004_stock_from_lines.sql).
ALTER TABLE stock_movements RENAME TO stock_ledger;

-- Only commitSale wrote this kind, one row per line, in the sale's own
-- transaction: the lines say the same.
DELETE FROM stock_ledger WHERE kind = 'sale';

CREATE VIEW stock_movements AS
    SELECT id AS ledger_id, NULL AS sale_line_id, product_code, lot, quantity, kind, reference, created_at
    FROM stock_ledger
    UNION ALL
    SELECT NULL, l.id, l.product_code, l.lot, -l.quantity, 'sale', s.receipt_no, s.created_at
    FROM sale_lines l JOIN sales s ON s.id = l.sale_id;
