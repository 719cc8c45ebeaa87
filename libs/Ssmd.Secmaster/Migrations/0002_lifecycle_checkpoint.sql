-- Where the lifecycle consumer stands in each stream: the last stream sequence applied, written in the
-- same transaction as the change it made, so a redelivered message (a lost ack, an ack wait that ran
-- out while PostgreSQL was down) is recognised and never applied twice or out of order.
-- stream_created tells a recreated stream (its sequences start again at 1) from the old one.
CREATE TABLE lifecycle_checkpoint (
    stream          TEXT PRIMARY KEY,
    stream_created  TIMESTAMPTZ NOT NULL,
    last_sequence   BIGINT NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
