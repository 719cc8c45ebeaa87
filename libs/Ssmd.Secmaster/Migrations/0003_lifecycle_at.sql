-- When a lifecycle message last changed the market. A sync page read from REST before then is older than
-- what the row holds, and leaves that market to the next sync instead of overwriting the newer state.
ALTER TABLE markets ADD COLUMN lifecycle_at TIMESTAMPTZ;
