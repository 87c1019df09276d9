-- A sale's payments live in its sales row (issue 3: ingest speed), as the
-- terminal keeps them since its own 0007: a JSON array of
-- [method, amount, reference] in tender order. Two payment rows per sale
-- were two of the nine rows a sale cost the server, and one COPY statement
-- in every five a batch made: COPYing a bench run's rows into copies of the
-- tables, the payments table cost 1.0 ms per 500 sales and the column 0.35.
-- The column is text, not json: the projection writes it (so it is well
-- formed) and the server then only checks its UTF-8, as for any text; it
-- is parsed when a report reads it.
--
-- The view sale_payments shows the payments as the rows they were, pay_no
-- from 1, with the sale's local_day, so that a report of a span of days
-- finds its sales through the sales_local_day index first.
ALTER TABLE sales ADD COLUMN payments TEXT NOT NULL DEFAULT '[]';

UPDATE sales s SET payments = p.list
FROM (SELECT sale_id, json_agg(json_build_array(method, amount, reference) ORDER BY pay_no)::text AS list
      FROM sale_payments GROUP BY sale_id) p
WHERE p.sale_id = s.id;

ALTER TABLE sales ALTER COLUMN payments DROP DEFAULT;
DROP TABLE sale_payments;

CREATE VIEW sale_payments AS
    SELECT s.id AS sale_id, p.pay_no::integer AS pay_no, p.entry ->> 0 AS method,
           (p.entry ->> 1)::bigint AS amount, p.entry ->> 2 AS reference, s.local_day
    FROM sales s
    CROSS JOIN LATERAL json_array_elements(s.payments::json) WITH ORDINALITY AS p(entry, pay_no);
