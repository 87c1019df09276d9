-- Stock moved by sales and returns is read from their lines (issue 3: ingest
-- speed). A five-line sale wrote five ledger rows that restated its lines,
-- ten index entries with them: half of what a sale's batch put into indexes.
-- The lines now carry their lot, the ledger keeps the movements that have no
-- other home (opening, receipt, transfer, adjustment, count), and the view
-- stock_movements is the one place every movement of a point's stock is read
-- from, with the same columns the ledger has.
ALTER TABLE sale_lines ADD COLUMN lot TEXT NOT NULL DEFAULT '';
ALTER TABLE return_lines ADD COLUMN lot TEXT NOT NULL DEFAULT '';

-- Lots already projected: a sale's (or return's) ledger rows were written in
-- the order of its lines, so the k-th row of its event is its k-th line.
UPDATE sale_lines SET lot = m.lot
FROM (SELECT l.sale_id, l.line_no, g.lot
      FROM (SELECT sale_id, line_no, row_number() OVER (PARTITION BY sale_id ORDER BY line_no) AS k
            FROM sale_lines) l
      JOIN sales s ON s.id = l.sale_id
      JOIN (SELECT terminal_id, event_seq, lot,
                   row_number() OVER (PARTITION BY terminal_id, event_seq ORDER BY id) AS k
            FROM stock_ledger WHERE kind = 'sale') g
        ON g.terminal_id = s.terminal_id AND g.event_seq = s.event_seq AND g.k = l.k) m
WHERE sale_lines.sale_id = m.sale_id AND sale_lines.line_no = m.line_no AND m.lot <> '';
UPDATE return_lines SET lot = m.lot
FROM (SELECT l.return_id, l.line_no, g.lot
      FROM (SELECT return_id, line_no, row_number() OVER (PARTITION BY return_id ORDER BY line_no) AS k
            FROM return_lines) l
      JOIN returns r ON r.id = l.return_id
      JOIN (SELECT terminal_id, event_seq, lot,
                   row_number() OVER (PARTITION BY terminal_id, event_seq ORDER BY id) AS k
            FROM stock_ledger WHERE kind = 'return') g
        ON g.terminal_id = r.terminal_id AND g.event_seq = r.event_seq AND g.k = l.k) m
WHERE return_lines.return_id = m.return_id AND return_lines.line_no = m.line_no AND m.lot <> '';

-- Only sale and return projections wrote these kinds (stock.moved refuses them).
DELETE FROM stock_ledger WHERE kind IN ('sale', 'return');

CREATE VIEW stock_movements AS
    SELECT point_code, product_code, lot, quantity, kind, reference, terminal_id, event_seq, created_at
    FROM stock_ledger
    UNION ALL
    SELECT s.point_code, l.product_code, l.lot, -l.quantity, 'sale', s.receipt_no, s.terminal_id, s.event_seq,
           s.created_at
    FROM sale_lines l JOIN sales s ON s.id = l.sale_id
    UNION ALL
    SELECT r.point_code, l.product_code, l.lot, l.quantity, 'return', r.receipt_no, r.terminal_id, r.event_seq,
           r.created_at
    FROM return_lines l JOIN returns r ON r.id = l.return_id;
