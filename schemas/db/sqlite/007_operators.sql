-- Operators of the API (issue 9 §2): users with roles and optional device-tag scopes, bearer tokens (login sessions
-- and API tokens, stored as SHA-256 hashes only), and the append-only audit trail.

-- role: admin | operator | viewer. scope_tags: a JSON array of device tags the user is limited to, NULL for every
-- device. password_hash: ASP.NET Core Identity PasswordHasher (PBKDF2-HMAC-SHA512, salted, iterated).
-- Ten failed logins within a minute lock the user: failures counts them since failure_window (ms), locked_until (ms).
CREATE TABLE operator_users (
    name            TEXT    NOT NULL PRIMARY KEY,
    role            TEXT    NOT NULL,
    scope_tags      TEXT    NULL,
    password_hash   TEXT    NOT NULL,
    created         INTEGER NOT NULL,
    updated         INTEGER NOT NULL,
    failures        INTEGER NOT NULL DEFAULT 0,
    failure_window  INTEGER NULL,
    locked_until    INTEGER NULL
) WITHOUT ROWID;

-- kind: session (POST /api/auth/login; role and scope are its user's, read at every request) | api (POST /api/tokens;
-- role and scope of its own). hash: hex SHA-256 of the bearer token, which is never stored. A revoked or expired
-- token is refused on the next request on every node: each request looks the hash up here.
CREATE TABLE operator_tokens (
    id              TEXT    NOT NULL PRIMARY KEY,
    hash            TEXT    NOT NULL UNIQUE,
    kind            TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    user_name       TEXT    NULL,       -- session: its user; api: the admin who created it
    role            TEXT    NULL,       -- api tokens only
    scope_tags      TEXT    NULL,       -- api tokens only
    created         INTEGER NOT NULL,
    expires         INTEGER NULL,       -- NULL: an API token that does not expire
    revoked         INTEGER NULL
) WITHOUT ROWID;
CREATE INDEX ix_operator_tokens_user ON operator_tokens (user_name, kind);

-- Every state-changing API call, every login failure and every CPE authentication failure. Never a request body,
-- never a secret. Nothing updates or deletes a row but the retention cleanup (Acs:Audit:RetentionDays).
CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    time            INTEGER NOT NULL,   -- ms since the Unix epoch
    actor           TEXT    NOT NULL,   -- user name, token:NAME/ID, anonymous, cpe:CLAIMED-ID, cli
    remote_address  TEXT    NULL,
    action          TEXT    NOT NULL,   -- "PUT /api/config/devices/{key}", "auth.login.failed", "cpe.auth.failed" …
    target          TEXT    NULL,       -- device:ID, campaign:ID, scope:tag:T, user:NAME, token:ID
    status          INTEGER NULL,       -- the HTTP status answered
    detail          TEXT    NULL
);
CREATE INDEX ix_audit_log_time ON audit_log (time);
CREATE INDEX ix_audit_log_actor ON audit_log (actor, id);
