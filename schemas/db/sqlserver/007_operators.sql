-- Operators of the API (issue 9 §2): users with roles and optional device-tag scopes, bearer tokens (login sessions
-- and API tokens, stored as SHA-256 hashes only), and the append-only audit trail.

-- role: admin | operator | viewer. scope_tags: a JSON array of device tags the user is limited to, NULL for every
-- device. password_hash: ASP.NET Core Identity PasswordHasher. Ten failed logins within a minute lock the user.
CREATE TABLE operator_users (
    name            NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_operator_users PRIMARY KEY,
    role            NVARCHAR(16)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    scope_tags      NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,
    password_hash   NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NOT NULL,
    created         BIGINT        NOT NULL,
    updated         BIGINT        NOT NULL,
    failures        BIGINT        NOT NULL CONSTRAINT df_operator_users_failures DEFAULT 0,
    failure_window  BIGINT        NULL,
    locked_until    BIGINT        NULL
);

-- kind: session | api. hash: hex SHA-256 of the bearer token, which is never stored. A revoked or expired token is
-- refused on the next request on every node: each request looks the hash up here.
CREATE TABLE operator_tokens (
    id              NVARCHAR(64)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_operator_tokens PRIMARY KEY,
    hash            NVARCHAR(64)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT uq_operator_tokens_hash UNIQUE,
    kind            NVARCHAR(16)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    name            NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    user_name       NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL,   -- session: its user; api: the admin who created it
    role            NVARCHAR(16)  COLLATE Latin1_General_100_BIN2 NULL,   -- api tokens only
    scope_tags      NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,   -- api tokens only
    created         BIGINT        NOT NULL,
    expires         BIGINT        NULL,       -- NULL: an API token that does not expire
    revoked         BIGINT        NULL
);
CREATE INDEX ix_operator_tokens_user ON operator_tokens (user_name, kind);

-- Every state-changing API call, every login failure and every CPE authentication failure. Never a request body,
-- never a secret. Nothing updates or deletes a row but the retention cleanup (Acs:Audit:RetentionDays).
CREATE TABLE audit_log (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_audit_log PRIMARY KEY,
    time            BIGINT        NOT NULL,   -- ms since the Unix epoch
    actor           NVARCHAR(256) COLLATE Latin1_General_100_BIN2 NOT NULL,   -- user name, token:NAME/ID, anonymous, cpe:CLAIMED-ID, cli
    remote_address  NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL,
    action          NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NOT NULL,   -- "PUT /api/config/devices/{key}", "auth.login.failed" …
    target          NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,       -- device:ID, campaign:ID, scope:tag:T, user:NAME, token:ID
    status          BIGINT        NULL,       -- the HTTP status answered
    detail          NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL
);
CREATE INDEX ix_audit_log_time ON audit_log (time);
CREATE INDEX ix_audit_log_actor ON audit_log (actor, id);
