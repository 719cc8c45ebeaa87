-- Markets whose creation event (version 1) JetStream has not acknowledged yet. The transaction that
-- creates markets lists them here (one row per sync page, one per lifecycle creation), and the publisher
-- strikes each ticker off once its event is acknowledged. A market with no mark in market_published is
-- published up to version 1 unless it is listed here: a page of 1,000 new markets costs one row, where a
-- mark per market cost 1,000 (most of a full sync's marks).
CREATE TABLE market_created_unpublished (
    id       BIGSERIAL PRIMARY KEY,
    tickers  TEXT[] NOT NULL
);

-- Until now a market without a mark had nothing published: list those, so they stay unpublished.
INSERT INTO market_created_unpublished (tickers)
SELECT array_agg(ticker ORDER BY ticker) FROM (
    SELECT m.ticker, (row_number() OVER (ORDER BY m.ticker) - 1) / 1000 AS chunk
    FROM markets m WHERE NOT EXISTS (SELECT 1 FROM market_published p WHERE p.ticker = m.ticker)) unmarked
GROUP BY chunk;

-- A list lives for seconds (written once, struck off, removed): out of line and uncompressed, compressing
-- it would be work for no lasting saving.
ALTER TABLE market_created_unpublished ALTER COLUMN tickers SET STORAGE EXTERNAL;
