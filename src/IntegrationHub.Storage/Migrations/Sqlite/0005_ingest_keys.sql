-- The Idempotency-Keys of POST /api/events, per caller: the first answer (message id) and a hash of the event it
-- was for, so a repeat gets the same answer and the same key with another event is refused. Kept for
-- Hub:Ingest:IdempotencyKeyWindow.
CREATE TABLE IF NOT EXISTS ingest_keys (
    caller           TEXT    NOT NULL,
    idempotency_key  TEXT    NOT NULL,
    contract         TEXT    NOT NULL,
    body_sha256      TEXT    NOT NULL,
    message_id       TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL,
    PRIMARY KEY (caller, idempotency_key)
);
CREATE INDEX IF NOT EXISTS ix_ingest_keys_created_at ON ingest_keys (created_at);
