-- Inbox: a (consumer, key) pair is handled once. The key is the message id or the contract's business key.
CREATE TABLE IF NOT EXISTS inbox (
    consumer      TEXT   NOT NULL,
    message_key   TEXT   NOT NULL,
    message_type  TEXT   NOT NULL,
    processed_at  BIGINT NOT NULL,
    PRIMARY KEY (consumer, message_key)
);

-- Outbox: side effects on outside systems, written in the handler's transaction, drained by the dispatcher.
CREATE TABLE IF NOT EXISTS outbox (
    id               TEXT    NOT NULL PRIMARY KEY,
    source           TEXT    NOT NULL,
    connector        TEXT    NOT NULL,
    operation        TEXT    NOT NULL,
    payload          TEXT    NOT NULL,
    attachments      TEXT    NULL,
    idempotency_key  TEXT    NOT NULL UNIQUE,
    correlation_key  TEXT    NULL,
    status           TEXT    NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_at  BIGINT  NOT NULL,
    locked_until     BIGINT  NULL,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    external_id      TEXT    NULL,
    last_error       TEXT    NULL
);
CREATE INDEX IF NOT EXISTS ix_outbox_due ON outbox (status, next_attempt_at);

-- Plugin documents: each plugin's private state, JSON with an optimistic version.
CREATE TABLE IF NOT EXISTS plugin_documents (
    plugin      TEXT   NOT NULL,
    collection  TEXT   NOT NULL,
    doc_key     TEXT   NOT NULL,
    body        TEXT   NOT NULL,
    version     BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (plugin, collection, doc_key)
);
CREATE INDEX IF NOT EXISTS ix_plugin_documents_updated ON plugin_documents (plugin, collection, updated_at);

-- Error store: messages that failed their last attempt, and deliveries that failed for good.
CREATE TABLE IF NOT EXISTS error_messages (
    id            TEXT    NOT NULL PRIMARY KEY,
    kind          TEXT    NOT NULL,
    endpoint      TEXT    NOT NULL,
    message_type  TEXT    NOT NULL,
    message_id    TEXT    NULL,
    body          TEXT    NOT NULL,
    headers       TEXT    NOT NULL,
    reason        TEXT    NOT NULL,
    exception     TEXT    NULL,
    attempts      INTEGER NOT NULL,
    created_at    BIGINT  NOT NULL,
    replayed_at   BIGINT  NULL
);
CREATE INDEX IF NOT EXISTS ix_error_messages_created ON error_messages (created_at);
