-- Bulk ingest (issue 3): what a batch of events costs the server.
--
-- 1. The foreign keys of the tables every event batch writes go. Each was a
--    trigger running one lookup per inserted row (about 7,000 per batch of
--    500 sales: events, sales and ledger rows -> terminals, lines and
--    payments -> sales): about 40% of the server's CPU per batch, measured
--    (with 2. below, a 500-sale batch costs the backend ~100 us of CPU per
--    event instead of ~210).
--    What they checked is guaranteed by the ingest transaction itself:
--      * terminal_id: ingest first updates (and so locks) the terminal's row
--        and writes only that id; terminals are never deleted (revoking sets
--        revoked_at).
--      * sale_id / return_id: a sale's or return's lines and payments are
--        written with it, from the same payload, in the same transaction;
--        nothing else writes these tables and nothing deletes from them.
--    The UNIQUE constraints that make ingest idempotent all stay: events
--    (terminal_id, seq) and (uuid), sales(id), returns(id), the line and
--    payment keys. Low-volume tables (shifts, voids, event_conflicts,
--    terminals, enroll_codes) keep their foreign keys.
ALTER TABLE events         DROP CONSTRAINT IF EXISTS events_terminal_id_fkey;
ALTER TABLE sales          DROP CONSTRAINT IF EXISTS sales_terminal_id_fkey;
ALTER TABLE sale_lines     DROP CONSTRAINT IF EXISTS sale_lines_sale_id_fkey;
ALTER TABLE sale_payments  DROP CONSTRAINT IF EXISTS sale_payments_sale_id_fkey;
ALTER TABLE returns        DROP CONSTRAINT IF EXISTS returns_terminal_id_fkey;
ALTER TABLE return_lines   DROP CONSTRAINT IF EXISTS return_lines_return_id_fkey;
ALTER TABLE return_refunds DROP CONSTRAINT IF EXISTS return_refunds_return_id_fkey;
ALTER TABLE stock_ledger   DROP CONSTRAINT IF EXISTS stock_ledger_terminal_id_fkey;

-- 2. The raw text of an event (about 1.8 kB for a 5-line sale) puts its row
--    over the size at which PostgreSQL compresses; with pglz that was a
--    quarter of the cost of writing the events rows (~43 -> ~33 us of CPU
--    per event with LZ4, which compresses about as well). Only rows written
--    from now on use it (no rewrite), and only where the server was built
--    with LZ4 (Debian's is).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings
               WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE events ALTER COLUMN raw SET COMPRESSION lz4;
        ALTER TABLE event_conflicts ALTER COLUMN raw SET COMPRESSION lz4;
    END IF;
END
$$;
