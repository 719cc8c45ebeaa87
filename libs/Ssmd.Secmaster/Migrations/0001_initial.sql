-- The security master's first schema. Identifiers from the exchange are TEXT (a VARCHAR(64) once
-- broke on a long ticker). Prices are BIGINT in units of 0.0001 dollar. Times are timestamptz (UTC).

-- Category and tags live on the series in today's Kalshi.
CREATE TABLE series (
    ticker          TEXT PRIMARY KEY,
    title           TEXT,
    category        TEXT,
    tags            TEXT[],
    frequency       TEXT,
    raw             JSONB NOT NULL,
    first_seen_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX series_category_idx ON series (category);

CREATE TABLE events (
    event_ticker        TEXT PRIMARY KEY,
    series_ticker       TEXT,
    title               TEXT,
    sub_title           TEXT,
    mutually_exclusive  BOOLEAN,
    strike_date         TIMESTAMPTZ,
    raw                 JSONB NOT NULL,
    first_seen_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX events_series_idx ON events (series_ticker);

CREATE TABLE markets (
    ticker                    TEXT PRIMARY KEY,
    event_ticker              TEXT,
    market_type               TEXT,
    title                     TEXT,
    subtitle                  TEXT,
    yes_sub_title             TEXT,
    no_sub_title              TEXT,
    status                    TEXT,          -- the exchange's string, unknown values kept as sent
    created_time              TIMESTAMPTZ,
    open_time                 TIMESTAMPTZ,
    close_time                TIMESTAMPTZ,
    expected_expiration_time  TIMESTAMPTZ,
    expiration_time           TIMESTAMPTZ,
    latest_expiration_time    TIMESTAMPTZ,
    settlement_timer_seconds  INTEGER,
    can_close_early           BOOLEAN,
    result                    TEXT,
    expiration_value          TEXT,
    settlement_value          BIGINT,        -- YES payout, 0.0001 dollar
    settled_at                TIMESTAMPTZ,
    determined_at             TIMESTAMPTZ,   -- only the lifecycle stream knows it
    notional_value            BIGINT,        -- 0.0001 dollar
    strike_type               TEXT,
    floor_strike              NUMERIC,
    cap_strike                NUMERIC,
    price_level_structure     TEXT,
    price_ranges              JSONB,         -- [{"start":0,"end":10000,"step":100}] in 0.0001 dollar
    raw                       JSONB NOT NULL, -- the exchange's object without trading fields (prices, sizes, volumes)
    sync_hash                 BIGINT,        -- hash of the exchange object last synced: equal means nothing to compare
    version                   INTEGER NOT NULL DEFAULT 1,
    first_seen_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX markets_status_idx ON markets (status);
CREATE INDEX markets_expiration_idx ON markets (latest_expiration_time);
CREATE INDEX markets_event_idx ON markets (event_ticker);
CREATE INDEX markets_open_close_idx ON markets (open_time, close_time);

-- The last version of each market whose change event JetStream acknowledged. Kept apart from markets
-- so that marking 1,000 events published rewrites 1,000 narrow rows, not 1,000 wide market rows.
CREATE TABLE market_published (
    ticker   TEXT PRIMARY KEY,
    version  INTEGER NOT NULL
);

-- One row per changed field (and one per market first seen, field 'created').
CREATE TABLE market_history (
    id          BIGSERIAL PRIMARY KEY,
    ticker      TEXT NOT NULL,
    version     INTEGER NOT NULL,
    field       TEXT NOT NULL,
    old_value   TEXT,
    new_value   TEXT,
    changed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    source      TEXT NOT NULL             -- 'sync' or 'lifecycle'
);
CREATE INDEX market_history_ticker_idx ON market_history (ticker, version);

-- Where each paged scan of a sync stands, so a crashed sync resumes from the last committed page.
CREATE TABLE sync_state (
    scope         TEXT PRIMARY KEY,       -- 'series', 'events', 'markets'
    run_id        UUID NOT NULL,
    next_cursor   TEXT,
    pages         INTEGER NOT NULL DEFAULT 0,
    started_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    completed_at  TIMESTAMPTZ
);
