-- Audit trail: every console and API action, allowed or refused (who, what, on what, the outcome).
CREATE TABLE IF NOT EXISTS audit_log (
    id         BIGSERIAL PRIMARY KEY,
    at         BIGINT    NOT NULL,
    principal  TEXT      NOT NULL,
    action     TEXT      NOT NULL,
    target     TEXT      NOT NULL,
    outcome    TEXT      NOT NULL,
    allowed    BOOLEAN   NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_audit_log_at ON audit_log (at);
CREATE INDEX IF NOT EXISTS ix_audit_log_principal ON audit_log (principal, action, at);
CREATE INDEX IF NOT EXISTS ix_audit_log_action ON audit_log (action, at);

-- ASP.NET Core data-protection keys (the console's cookies and anti-forgery tokens), shared by every hub replica.
CREATE TABLE IF NOT EXISTS data_protection_keys (
    name        TEXT   NOT NULL PRIMARY KEY,
    xml         TEXT   NOT NULL,
    created_at  BIGINT NOT NULL
);
