-- The outbox's three jobs get a table each: deliveries to outside systems, deferred publishes to the bus, timer
-- changes. Until now publishes and timer changes rode in the delivery table under the connector names 'hub.bus'
-- and 'hub.timers'; those rows move to their own tables here.
ALTER TABLE outbox RENAME TO outbox_deliveries;
DROP INDEX IF EXISTS ix_outbox_due;
CREATE INDEX IF NOT EXISTS ix_outbox_deliveries_due ON outbox_deliveries (status, next_attempt_at);

-- Messages published inside a handler; the id is the message id the bus sees.
CREATE TABLE IF NOT EXISTS outbox_publishes (
    id               TEXT    NOT NULL PRIMARY KEY,
    source           TEXT    NOT NULL,
    contract         TEXT    NOT NULL,
    payload          TEXT    NOT NULL,
    idempotency_key  TEXT    NOT NULL UNIQUE,
    status           TEXT    NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_at  BIGINT  NOT NULL,
    locked_until     BIGINT  NULL,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    last_error       TEXT    NULL
);
CREATE INDEX IF NOT EXISTS ix_outbox_publishes_due ON outbox_publishes (status, next_attempt_at);

-- Timer changes set inside a handler, applied one after another in sequence (commit) order.
CREATE TABLE IF NOT EXISTS outbox_timer_changes (
    seq              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    id               TEXT    NOT NULL UNIQUE,
    source           TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    timer_key        TEXT    NOT NULL,
    contract         TEXT    NULL,
    body             TEXT    NULL,
    fire_at          BIGINT  NULL,
    cron             TEXT    NULL,
    status           TEXT    NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_at  BIGINT  NOT NULL,
    locked_until     BIGINT  NULL,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    last_error       TEXT    NULL
);
CREATE INDEX IF NOT EXISTS ix_outbox_timer_changes_pending ON outbox_timer_changes (status, seq);

INSERT INTO outbox_publishes (id, source, contract, payload, idempotency_key, status, attempts, next_attempt_at, locked_until, created_at, updated_at, last_error)
SELECT id, source, operation, payload, idempotency_key, status, attempts, next_attempt_at, NULL, created_at, updated_at, last_error
FROM outbox_deliveries WHERE connector = 'hub.bus';

-- One legacy row held all the changes of one handler run as {"changes":[{kind (0 once, 1 cron, 2 cancel), key, contract, body, at, cron}]}.
INSERT INTO outbox_timer_changes (id, source, kind, timer_key, contract, body, fire_at, cron, status, attempts, next_attempt_at, created_at, updated_at, last_error)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))),
       o.source,
       CASE json_extract(c.value, '$.kind') WHEN 0 THEN 'once' WHEN 1 THEN 'cron' ELSE 'cancel' END,
       json_extract(c.value, '$.key'),
       json_extract(c.value, '$.contract'),
       json_extract(c.value, '$.body'),
       CASE WHEN json_extract(c.value, '$.at') IS NULL THEN NULL
            ELSE CAST(ROUND((julianday(json_extract(c.value, '$.at')) - 2440587.5) * 86400000) AS INTEGER) END,
       json_extract(c.value, '$.cron'),
       o.status, o.attempts, o.next_attempt_at, o.created_at, o.updated_at, o.last_error
FROM outbox_deliveries o, json_each(o.payload, '$.changes') c
WHERE o.connector = 'hub.timers' AND o.status <> 'delivered'
ORDER BY o.created_at, o.id, c.key;

DELETE FROM outbox_deliveries WHERE connector IN ('hub.bus', 'hub.timers');

UPDATE error_messages SET kind = 'publish' WHERE kind = 'delivery' AND endpoint = 'hub.bus';
UPDATE error_messages SET kind = 'timer' WHERE kind = 'delivery' AND endpoint = 'hub.timers';
