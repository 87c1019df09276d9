-- Central store, version 1 (PostgreSQL dialect; schema/central/sqlite holds the
-- same tables for SQLite and must be kept in step). Money is INTEGER đồng,
-- times INTEGER UTC milliseconds, flags INTEGER 0/1.

-- Catalog: every row carries the catalog version that last changed it. Writers
-- take versions from catalog_state inside their own transaction, so they are
-- serialized and commit in version order: a reader paging with
-- version > since never skips a change.
CREATE TABLE catalog_state (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO catalog_state(id, version) VALUES (1, 0);

CREATE TABLE sales_points (
    code          TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    address       TEXT NOT NULL DEFAULT '',
    district      TEXT NOT NULL DEFAULT '',
    next_terminal INTEGER NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL,
    version       BIGINT NOT NULL
);
CREATE INDEX sales_points_version ON sales_points(version);

CREATE TABLE producers (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    kind     INTEGER NOT NULL CHECK (kind IN (1, 2, 3)),
    commune  TEXT NOT NULL DEFAULT '',
    district TEXT NOT NULL DEFAULT '',
    province TEXT NOT NULL DEFAULT '',
    version  BIGINT NOT NULL
);
CREATE INDEX producers_version ON producers(version);

-- A removed product stays as a tombstone (removed = 1) so terminals learn of it.
CREATE TABLE products (
    code               TEXT PRIMARY KEY,
    gtin               TEXT NOT NULL DEFAULT '',
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
    producer_id        TEXT NOT NULL DEFAULT '',
    unit               TEXT NOT NULL DEFAULT '',
    price              BIGINT NOT NULL CHECK (price >= 0),
    vat_rate           INTEGER NOT NULL CHECK (vat_rate IN (0, 5, 8, 10)),
    active             INTEGER NOT NULL DEFAULT 1,
    image              TEXT NOT NULL DEFAULT '',
    trace_url          TEXT NOT NULL DEFAULT '',
    removed            INTEGER NOT NULL DEFAULT 0,
    version            BIGINT NOT NULL
);
CREATE INDEX products_version ON products(version);
CREATE INDEX products_gtin ON products(gtin);

-- Enrolment codes: only a hash is kept; single use; 24 h by default.
CREATE TABLE enroll_codes (
    code_hash   TEXT PRIMARY KEY,
    point_code  TEXT NOT NULL REFERENCES sales_points(code),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT,
    terminal_id TEXT
);

CREATE TABLE terminals (
    id            TEXT PRIMARY KEY,
    point_code    TEXT NOT NULL REFERENCES sales_points(code),
    code          TEXT NOT NULL,
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    enrolled_at   BIGINT NOT NULL,
    revoked_at    BIGINT,
    last_sync_at  BIGINT,
    acked_through BIGINT NOT NULL DEFAULT 0,
    UNIQUE (point_code, code)
);

-- Every event stored at the centre, applied or quarantined. uuid is NULL only
-- for a quarantined event whose uuid was already taken (kept in raw).
CREATE TABLE events (
    terminal_id  TEXT NOT NULL REFERENCES terminals(id),
    seq          BIGINT NOT NULL,
    uuid         TEXT UNIQUE,
    type         TEXT NOT NULL,
    point_code   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    received_at  BIGINT NOT NULL,
    content_hash TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('applied', 'quarantined')),
    reason       TEXT NOT NULL DEFAULT '',
    raw          TEXT NOT NULL,
    PRIMARY KEY (terminal_id, seq)
);
CREATE INDEX events_quarantined ON events(status) WHERE status = 'quarantined';

-- A second, different event sent under an already stored seq: kept here, the
-- stored one is never overwritten.
CREATE TABLE event_conflicts (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    terminal_id  TEXT NOT NULL REFERENCES terminals(id),
    seq          BIGINT NOT NULL,
    content_hash TEXT NOT NULL,
    received_at  BIGINT NOT NULL,
    reason       TEXT NOT NULL,
    raw          TEXT NOT NULL,
    UNIQUE (terminal_id, seq, content_hash)
);

-- Projections of applied events.
CREATE TABLE sales (
    id            TEXT PRIMARY KEY,
    terminal_id   TEXT NOT NULL REFERENCES terminals(id),
    event_seq     BIGINT NOT NULL,
    point_code    TEXT NOT NULL,
    terminal_code TEXT NOT NULL,
    receipt_no    TEXT NOT NULL,
    receipt_seq   BIGINT NOT NULL,
    cashier_id    TEXT NOT NULL DEFAULT '',
    cashier_name  TEXT NOT NULL DEFAULT '',
    shift_id      TEXT NOT NULL DEFAULT '',
    approved_by   TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    local_day     TEXT NOT NULL,
    gross         BIGINT NOT NULL,
    discount      BIGINT NOT NULL,
    total         BIGINT NOT NULL,
    vat           BIGINT NOT NULL,
    paid          BIGINT NOT NULL,
    change_due    BIGINT NOT NULL
);
CREATE INDEX sales_point_day ON sales(point_code, local_day);

CREATE TABLE sale_lines (
    sale_id      TEXT NOT NULL REFERENCES sales(id),
    line_no      INTEGER NOT NULL,
    product_code TEXT NOT NULL,
    gtin         TEXT NOT NULL DEFAULT '',
    name         TEXT NOT NULL,
    unit         TEXT NOT NULL DEFAULT '',
    quantity     BIGINT NOT NULL,
    unit_price   BIGINT NOT NULL,
    gross        BIGINT NOT NULL,
    discount     BIGINT NOT NULL,
    net          BIGINT NOT NULL,
    vat_rate     INTEGER NOT NULL,
    vat          BIGINT NOT NULL,
    PRIMARY KEY (sale_id, line_no)
);

CREATE TABLE sale_payments (
    sale_id   TEXT NOT NULL REFERENCES sales(id),
    pay_no    INTEGER NOT NULL,
    method    TEXT NOT NULL,
    amount    BIGINT NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (sale_id, pay_no)
);

CREATE TABLE returns (
    id                TEXT PRIMARY KEY,
    terminal_id       TEXT NOT NULL REFERENCES terminals(id),
    event_seq         BIGINT NOT NULL,
    point_code        TEXT NOT NULL,
    terminal_code     TEXT NOT NULL,
    receipt_no        TEXT NOT NULL,
    original_sale_id  TEXT NOT NULL,
    original_receipt  TEXT NOT NULL,
    cashier_id        TEXT NOT NULL DEFAULT '',
    cashier_name      TEXT NOT NULL DEFAULT '',
    shift_id          TEXT NOT NULL DEFAULT '',
    reason            TEXT NOT NULL DEFAULT '',
    created_at        BIGINT NOT NULL,
    local_day         TEXT NOT NULL,
    total             BIGINT NOT NULL,
    vat               BIGINT NOT NULL
);
CREATE INDEX returns_point_day ON returns(point_code, local_day);

CREATE TABLE return_lines (
    return_id    TEXT NOT NULL REFERENCES returns(id),
    line_no      INTEGER NOT NULL,
    product_code TEXT NOT NULL,
    name         TEXT NOT NULL,
    quantity     BIGINT NOT NULL,
    unit_price   BIGINT NOT NULL,
    vat_rate     INTEGER NOT NULL,
    refund       BIGINT NOT NULL,
    vat          BIGINT NOT NULL,
    PRIMARY KEY (return_id, line_no)
);

CREATE TABLE return_refunds (
    return_id TEXT NOT NULL REFERENCES returns(id),
    pay_no    INTEGER NOT NULL,
    method    TEXT NOT NULL,
    amount    BIGINT NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (return_id, pay_no)
);

CREATE TABLE shifts (
    id            TEXT PRIMARY KEY,
    terminal_id   TEXT NOT NULL REFERENCES terminals(id),
    point_code    TEXT NOT NULL,
    cashier_id    TEXT NOT NULL DEFAULT '',
    cashier_name  TEXT NOT NULL DEFAULT '',
    opened_at     BIGINT NOT NULL,
    opening_float BIGINT NOT NULL DEFAULT 0,
    closed_at     BIGINT,
    counted_cash  BIGINT,
    expected_cash BIGINT,
    variance      BIGINT,
    z_report      TEXT
);

-- The per-point stock ledger: on-hand is a sum of movements.
CREATE TABLE stock_ledger (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    point_code   TEXT NOT NULL,
    product_code TEXT NOT NULL,
    lot          TEXT NOT NULL DEFAULT '',
    quantity     BIGINT NOT NULL,
    kind         TEXT NOT NULL,
    reference    TEXT NOT NULL DEFAULT '',
    terminal_id  TEXT NOT NULL REFERENCES terminals(id),
    event_seq    BIGINT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX stock_ledger_point_product ON stock_ledger(point_code, product_code);

CREATE TABLE voids (
    id          TEXT PRIMARY KEY,
    terminal_id TEXT NOT NULL REFERENCES terminals(id),
    event_seq   BIGINT NOT NULL,
    point_code  TEXT NOT NULL,
    cashier_id  TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    total       BIGINT NOT NULL DEFAULT 0
);
