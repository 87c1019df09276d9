-- A sales point's bank account for VietQR transfers (issue 4: "BIN +
-- account, in config from the centre"). Published with the point in the
-- catalog; a terminal takes its own point's. Empty: none published.
ALTER TABLE sales_points ADD COLUMN bank_bin TEXT NOT NULL DEFAULT '';
ALTER TABLE sales_points ADD COLUMN bank_account TEXT NOT NULL DEFAULT '';
ALTER TABLE sales_points ADD COLUMN bank_account_name TEXT NOT NULL DEFAULT '';
