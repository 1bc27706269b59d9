-- Secure two-stage provisioning (the SPC flow of the guides) and activation codes (retail provisioning).

-- Per-device secure provisioning: while a row exists, the device's usual profile name serves the first stage
-- (GPP_A = key_text, GPP_B = directory, Profile_Rule = [--key $A] …/cfg/$B/$MA.cfg) and its full profile is served
-- only under /cfg/<directory>/, encrypted with key_text. Rotation replaces key and directory in place.
-- key_text is the phone's --key (64 hex digits, 256 random bits); it must be readable to encrypt profiles.
CREATE TABLE secure_provisioning (
    device_id           TEXT    NOT NULL PRIMARY KEY,
    directory           TEXT    NOT NULL,       -- random, URL-safe (base64url of 18 bytes)
    key_text            TEXT    NOT NULL,
    generation          INTEGER NOT NULL,       -- 1 when enabled, +1 per rotation
    created             INTEGER NOT NULL,
    rotated             INTEGER NULL,
    first_stage_served  INTEGER NULL,           -- last time the first stage went to the device
    second_stage_served INTEGER NULL            -- last time the encrypted profile went to the device
);
CREATE UNIQUE INDEX ux_secure_provisioning_directory ON secure_provisioning (directory);

-- Single-use activation codes. The code itself is never stored: code_hash is the SHA-256 (hex) of its 16 normalised
-- characters; prefix (its first 4) lets people tell codes apart in listings.
-- A code is unused until used/revoked is set or expires passes; used is set by one atomic UPDATE, so of two
-- concurrent activations exactly one wins.
CREATE TABLE activation_codes (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    code_hash       TEXT    NOT NULL,
    prefix          TEXT    NOT NULL,
    tag             TEXT    NULL,           -- the device is tagged with it on activation
    account         TEXT    NULL,           -- the operator's label (customer account)
    scope_kind      TEXT    NULL,           -- the bound configuration scope: global | model | tag
    scope_key       TEXT    NULL,
    profile_rule    TEXT    NULL,           -- the permanent Profile_Rule; NULL: the ACS's per-device /cfg URL
    created         INTEGER NOT NULL,
    expires         INTEGER NOT NULL,
    used            INTEGER NULL,
    used_from       TEXT    NULL,           -- remote address of the activation
    device_id       TEXT    NULL,           -- the device bound by the activation
    revoked         INTEGER NULL
);
CREATE UNIQUE INDEX ux_activation_codes_hash ON activation_codes (code_hash);
CREATE INDEX ix_activation_codes_tag ON activation_codes (tag, id);
