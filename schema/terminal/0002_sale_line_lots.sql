-- Lots on sale lines: a pack scanned by its GS1 code (AI 10 lot, AI 17
-- expiry) is sold, moved out of stock and returned per lot, and the manager
-- who let an expired lot be sold is on the line itself.
ALTER TABLE sale_lines ADD COLUMN lot TEXT NOT NULL DEFAULT '';
ALTER TABLE sale_lines ADD COLUMN lot_expiry TEXT NOT NULL DEFAULT '';
ALTER TABLE sale_lines ADD COLUMN expired_approved_by TEXT NOT NULL DEFAULT '';
