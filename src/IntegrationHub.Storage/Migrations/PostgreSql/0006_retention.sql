-- Retention (Hub:Retention) deletes inbox records by age; without this index every purge scans the whole inbox.
-- Delivered outbox rows are found through the existing (status, next_attempt_at) indexes.
CREATE INDEX IF NOT EXISTS ix_inbox_processed_at ON inbox (processed_at);
