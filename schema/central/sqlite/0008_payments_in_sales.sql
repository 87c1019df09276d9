-- A sale's payments live in its sales row, as on PostgreSQL
-- (postgresql/0008 says why): a JSON array of [method, amount, reference]
-- in tender order, and a view sale_payments with the rows they were.
ALTER TABLE sales ADD COLUMN payments TEXT NOT NULL DEFAULT '[]';

UPDATE sales SET payments = (
    SELECT json_group_array(json_array(method, amount, reference))
    FROM (SELECT method, amount, reference FROM sale_payments p WHERE p.sale_id = sales.id ORDER BY pay_no))
WHERE EXISTS (SELECT 1 FROM sale_payments p WHERE p.sale_id = sales.id);

DROP TABLE sale_payments;

CREATE VIEW sale_payments AS
    SELECT s.id AS sale_id, p.key + 1 AS pay_no, json_extract(p.value, '$[0]') AS method,
           json_extract(p.value, '$[1]') AS amount, json_extract(p.value, '$[2]') AS reference, s.local_day
    FROM sales s, json_each(s.payments) AS p;
