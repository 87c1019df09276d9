-- Sales are found by day, not by point and day (issue 3: ingest speed).
-- Every report asks for a span of local days over all points
-- (local_day BETWEEN ...), which the btree on (point_code, local_day)
-- could not serve from its leading column, while each sale paid about
-- 1.1 us of server CPU to enter it (measured by COPYing a bench run's
-- sales into copies of the table with and without it). Sales arrive in
-- about the order of their days, which is what a BRIN index needs: a
-- summary per 32 pages, a few bytes each, found and skipped by day range,
-- and next to nothing to keep up. A terminal that syncs a week late widens
-- the ranges its sales land in; the answers stay exact, only less is
-- skipped. Per-point stock reads sales through their lines, which they
-- scan in full either way (schema/central/postgresql/0005).
DROP INDEX IF EXISTS sales_point_day;
CREATE INDEX sales_local_day ON sales USING brin (local_day) WITH (pages_per_range = 32, autosummarize = on);
