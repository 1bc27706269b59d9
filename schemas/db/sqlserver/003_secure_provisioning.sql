-- Secure two-stage provisioning (the SPC flow of the guides) and activation codes (retail provisioning).

-- Per-device secure provisioning: while a row exists, the device's usual profile name serves the first stage and its
-- full profile is served only under /cfg/<directory>/, encrypted with key_text. Rotation replaces key and directory.
CREATE TABLE secure_provisioning (
    device_id           NVARCHAR(192) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_secure_provisioning PRIMARY KEY,
    directory           NVARCHAR(64)  COLLATE Latin1_General_100_BIN2 NOT NULL,   -- random, URL-safe (base64url of 18 bytes)
    key_text            NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NOT NULL,   -- 64 hex digits, or protected "dp1:…"
    generation          BIGINT        NOT NULL,       -- 1 when enabled, +1 per rotation
    created             BIGINT        NOT NULL,
    rotated             BIGINT        NULL,
    first_stage_served  BIGINT        NULL,           -- last time the first stage went to the device
    second_stage_served BIGINT        NULL            -- last time the encrypted profile went to the device
);
-- Case matters: base64url directories differing only in case are different directories.
CREATE UNIQUE INDEX ux_secure_provisioning_directory ON secure_provisioning (directory);

-- Single-use activation codes. The code itself is never stored: code_hash is the SHA-256 (hex) of its 16 normalised
-- characters; prefix (its first 4) lets people tell codes apart. used is set by one atomic UPDATE, so of two
-- concurrent activations exactly one wins.
CREATE TABLE activation_codes (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_activation_codes PRIMARY KEY,
    code_hash       NVARCHAR(64)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    prefix          NVARCHAR(16)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    tag             NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL,     -- the device is tagged with it on activation
    account         NVARCHAR(256) COLLATE Latin1_General_100_BIN2 NULL,     -- the operator's label (customer account)
    scope_kind      NVARCHAR(16)  COLLATE Latin1_General_100_BIN2 NULL,     -- the bound configuration scope: global | model | tag
    scope_key       NVARCHAR(192) COLLATE Latin1_General_100_BIN2 NULL,
    profile_rule    NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,     -- the permanent Profile_Rule; NULL: the per-device /cfg URL
    created         BIGINT        NOT NULL,
    expires         BIGINT        NOT NULL,
    used            BIGINT        NULL,
    used_from       NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL,     -- remote address of the activation
    device_id       NVARCHAR(192) COLLATE Latin1_General_100_BIN2 NULL,     -- the device bound by the activation
    revoked         BIGINT        NULL
);
CREATE UNIQUE INDEX ux_activation_codes_hash ON activation_codes (code_hash);
CREATE INDEX ix_activation_codes_tag ON activation_codes (tag, id);
