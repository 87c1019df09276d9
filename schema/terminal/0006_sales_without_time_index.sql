-- The index on sales(created_at) goes (issue 2: a sale's durable commit).
-- Every sale wrote its rightmost leaf: one of the ~8 WAL pages a 5-line sale
-- costs, for the one reader that used it, the day report, run a few times a
-- day. That report now finds the day's receipt range in one pass over sales
-- (about 30 ms for 300,000 sales, measured) and reads the lines and payments
-- of that range through the receipt_seq key (Store::dayReport).
DROP INDEX IF EXISTS sales_created_at;
