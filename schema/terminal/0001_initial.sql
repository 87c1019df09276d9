-- Terminal store, version 1. Everything a terminal knows lives in this one
-- SQLite file; money is INTEGER đồng, times INTEGER UTC milliseconds.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Gap-free counters ('event', 'receipt'), advanced inside the transaction
-- that uses the number, so a rollback gives the number back.
CREATE TABLE sequences (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO sequences(name, value) VALUES ('event', 0), ('receipt', 0);

-- Catalog: authored centrally, replaced or patched by the catalog sync only.
CREATE TABLE sales_points (
    code     TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    address  TEXT NOT NULL DEFAULT '',
    district TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE producers (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    kind     INTEGER NOT NULL CHECK (kind IN (1, 2, 3)),
    commune  TEXT NOT NULL DEFAULT '',
    district TEXT NOT NULL DEFAULT '',
    province TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE products (
    code               TEXT PRIMARY KEY,
    gtin               TEXT UNIQUE,
    name_vi            TEXT NOT NULL,
    name_en            TEXT NOT NULL DEFAULT '',
    ocop_group         INTEGER NOT NULL CHECK (ocop_group BETWEEN 1 AND 6),
    legacy_group       INTEGER NOT NULL CHECK (legacy_group BETWEEN 1 AND 6),
    stars              INTEGER NOT NULL CHECK (stars BETWEEN 3 AND 5),
    potential_five     INTEGER NOT NULL DEFAULT 0,
    certificate_no     TEXT NOT NULL DEFAULT '',
    certificate_issuer TEXT NOT NULL DEFAULT '',
    certificate_issued TEXT NOT NULL DEFAULT '',
    certificate_expiry TEXT NOT NULL DEFAULT '',
    producer_id        TEXT REFERENCES producers(id),
    unit               TEXT NOT NULL DEFAULT '',
    price              INTEGER NOT NULL CHECK (price >= 0),
    vat_rate           INTEGER NOT NULL CHECK (vat_rate IN (0, 5, 8, 10)),
    active             INTEGER NOT NULL DEFAULT 1,
    image              TEXT NOT NULL DEFAULT '',
    trace_url          TEXT NOT NULL DEFAULT ''
);

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('cashier', 'manager')),
    pin_hash        TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER NOT NULL DEFAULT 0,
    active          INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;

CREATE TABLE shifts (
    id            TEXT PRIMARY KEY,
    cashier_id    TEXT NOT NULL REFERENCES users(id),
    opened_at     INTEGER NOT NULL,
    opening_float INTEGER NOT NULL CHECK (opening_float >= 0),
    closed_at     INTEGER,
    counted_cash  INTEGER,
    z_report      TEXT
);
-- At most one open shift per terminal.
CREATE UNIQUE INDEX shifts_one_open ON shifts((closed_at IS NULL)) WHERE closed_at IS NULL;

CREATE TABLE sales (
    id           TEXT PRIMARY KEY,
    receipt_no   TEXT NOT NULL UNIQUE,
    receipt_seq  INTEGER NOT NULL UNIQUE,
    shift_id     TEXT NOT NULL REFERENCES shifts(id),
    cashier_id   TEXT NOT NULL,
    cashier_name TEXT NOT NULL,
    approved_by  TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    gross        INTEGER NOT NULL,
    discount     INTEGER NOT NULL,
    total        INTEGER NOT NULL,
    vat          INTEGER NOT NULL,
    paid         INTEGER NOT NULL,
    change_due   INTEGER NOT NULL,
    CHECK (total = gross - discount),
    CHECK (paid - change_due = total)
);
CREATE INDEX sales_created_at ON sales(created_at);
CREATE INDEX sales_shift ON sales(shift_id);

CREATE TABLE sale_lines (
    sale_id      TEXT NOT NULL REFERENCES sales(id),
    line_no      INTEGER NOT NULL,
    product_code TEXT NOT NULL,
    gtin         TEXT NOT NULL DEFAULT '',
    name         TEXT NOT NULL,
    unit         TEXT NOT NULL DEFAULT '',
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    unit_price   INTEGER NOT NULL,
    gross        INTEGER NOT NULL,
    discount     INTEGER NOT NULL,
    net          INTEGER NOT NULL,
    vat_rate     INTEGER NOT NULL,
    vat          INTEGER NOT NULL,
    PRIMARY KEY (sale_id, line_no)
) WITHOUT ROWID;

CREATE TABLE sale_payments (
    sale_id   TEXT NOT NULL REFERENCES sales(id),
    pay_no    INTEGER NOT NULL,
    method    INTEGER NOT NULL CHECK (method BETWEEN 1 AND 4),
    amount    INTEGER NOT NULL CHECK (amount > 0),
    reference TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (sale_id, pay_no)
) WITHOUT ROWID;

CREATE TABLE returns (
    id           TEXT PRIMARY KEY,
    receipt_no   TEXT NOT NULL UNIQUE,
    receipt_seq  INTEGER NOT NULL UNIQUE,
    sale_id      TEXT NOT NULL REFERENCES sales(id),
    shift_id     TEXT NOT NULL REFERENCES shifts(id),
    cashier_id   TEXT NOT NULL,
    cashier_name TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    total        INTEGER NOT NULL,
    vat          INTEGER NOT NULL
);
CREATE INDEX returns_sale ON returns(sale_id);
CREATE INDEX returns_created_at ON returns(created_at);

CREATE TABLE return_lines (
    return_id    TEXT NOT NULL REFERENCES returns(id),
    sale_line_no INTEGER NOT NULL,
    product_code TEXT NOT NULL,
    name         TEXT NOT NULL,
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    unit_price   INTEGER NOT NULL,
    vat_rate     INTEGER NOT NULL,
    refund       INTEGER NOT NULL,
    vat          INTEGER NOT NULL,
    PRIMARY KEY (return_id, sale_line_no)
) WITHOUT ROWID;

CREATE TABLE return_refunds (
    return_id TEXT NOT NULL REFERENCES returns(id),
    pay_no    INTEGER NOT NULL,
    method    INTEGER NOT NULL CHECK (method BETWEEN 1 AND 4),
    amount    INTEGER NOT NULL CHECK (amount > 0),
    reference TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (return_id, pay_no)
) WITHOUT ROWID;

-- The stock ledger: on-hand is always a sum of movements, never a stored
-- number, so terminals and the centre never overwrite each other.
CREATE TABLE stock_movements (
    id           INTEGER PRIMARY KEY,
    product_code TEXT NOT NULL,
    lot          TEXT NOT NULL DEFAULT '',
    quantity     INTEGER NOT NULL CHECK (quantity <> 0),
    kind         TEXT NOT NULL CHECK (kind IN ('opening', 'sale', 'return', 'receipt', 'transfer_in',
                                                'transfer_out', 'adjustment', 'count')),
    reference    TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
);
CREATE INDEX stock_movements_product ON stock_movements(product_code, quantity);

-- Transactional outbox: written in the same transaction as what it reports.
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY,
    uuid       TEXT NOT NULL UNIQUE,
    type       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    payload    TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'acked', 'quarantined')),
    acked_at   INTEGER,
    error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox(status, seq);

-- Who did what that a manager or auditor may ask about: approvals,
-- overrides, voids, reprints, failed prints, lockouts.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    user_id   TEXT NOT NULL DEFAULT '',
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT ''
);
