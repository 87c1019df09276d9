-- On-hand is summed in memory from the ledger (Store::refreshStock), which is
-- append-only and read by id range. The product index it replaces cost every
-- sale one random index page per line: five of the ~20 pages a 5-line sale
-- wrote to the WAL, and the ones a checkpoint could not merge.
DROP INDEX IF EXISTS stock_movements_product;
