-- Versions JetStream acknowledged while a version below them was not yet: the lifecycle consumer publishes
-- its change at once, while the sync's event for the version below may still wait in its queue. The mark
-- only moves over an unbroken run, so without this record such versions stayed unmarked for good and were
-- sent again by the next sync, long after JetStream's duplicate window. Folded into the mark as soon as
-- the versions below are acknowledged; a run left here is a real gap, sent again with what follows it.
CREATE TABLE market_published_ahead (
    ticker  TEXT    NOT NULL,
    first   INTEGER NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (ticker, first)
);
