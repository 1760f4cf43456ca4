-- The W3C trace context a deferred publish was stored under (an API request's, a handler's), so the dispatcher
-- publishes it in the same trace.
ALTER TABLE outbox_publishes ADD COLUMN trace_parent TEXT NULL;
