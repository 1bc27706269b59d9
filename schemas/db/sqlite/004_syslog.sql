-- Syslog receiver: the phones' messages per device and the provisioning status parsed from them; and the
-- per-download firmware credentials (Acs:FirmwareAuth = PerDownload), which share this migration number.

-- Every datagram the receiver stored, attached to a device when one could be found (device_id NULL otherwise).
-- Malformed datagrams are kept too: severity/facility NULL, message = the raw text, problem = why.
-- AUTOINCREMENT keeps ids increasing after the oldest rows are pruned: the logs API pages by id.
CREATE TABLE syslog_messages (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id       TEXT    NULL,
    matched_by      TEXT    NULL,       -- mac | serial | address
    received        INTEGER NOT NULL,   -- the receiver's clock
    remote_address  TEXT    NOT NULL,
    format          TEXT    NULL,       -- rfc3164 | rfc5424
    facility        INTEGER NULL,
    severity        INTEGER NULL,       -- RFC 5424 6.2.1: 0 emergency .. 7 debug
    sent            INTEGER NULL,       -- the sender's timestamp, if any
    hostname        TEXT    NULL,       -- the phones put Syslog_Identifier here
    app_name        TEXT    NULL,
    process_id      TEXT    NULL,
    message_id      TEXT    NULL,
    structured_data TEXT    NULL,
    message         TEXT    NOT NULL,
    event           TEXT    NULL,       -- resyncRequest | resyncSuccess | resyncFailure | upgradeRequest | upgradeSuccess | upgradeFailure
    problem         TEXT    NULL,       -- why a malformed datagram is not syslog
    truncated       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_syslog_messages_device ON syslog_messages (device_id, id);
CREATE INDEX ix_syslog_messages_received ON syslog_messages (received);

-- The outcome of each device's last resync and upgrade as its syslog messages told it.
CREATE TABLE device_status (
    device_id        TEXT    NOT NULL PRIMARY KEY,
    resync_at        INTEGER NULL,
    resync_result    TEXT    NULL,      -- requested | succeeded | failed
    resync_url       TEXT    NULL,
    resync_error     TEXT    NULL,
    upgrade_at       INTEGER NULL,
    upgrade_result   TEXT    NULL,
    upgrade_url      TEXT    NULL,
    upgrade_version  TEXT    NULL,
    upgrade_error    TEXT    NULL,
    error_at         INTEGER NULL,      -- the last failure of either kind
    error            TEXT    NULL,
    last_message_at  INTEGER NOT NULL
) WITHOUT ROWID;

-- Messages are attached by the sender's address when they name no device: the address of its last Inform and of
-- its last profile fetch.
CREATE INDEX ix_devices_remote_address ON devices (remote_address);
CREATE INDEX ix_profile_fetches_remote_address ON profile_fetches (remote_address);

-- Per-download firmware credentials: the Download RPC's Username/Password for one image, hashed (SHA-256 of
-- salt || password), valid until expires. A user name may repeat when an operator gives the same one to many tasks.
CREATE TABLE firmware_credentials (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    username        TEXT    NOT NULL,
    salt            TEXT    NOT NULL,   -- hex
    password_hash   TEXT    NOT NULL,   -- hex
    firmware_id     TEXT    NOT NULL,   -- firmware_images.id (SHA-256)
    device_id       TEXT    NOT NULL,
    command_key     TEXT    NULL,
    created         INTEGER NOT NULL,
    expires         INTEGER NOT NULL
);
CREATE INDEX ix_firmware_credentials_username ON firmware_credentials (username, expires);
CREATE INDEX ix_firmware_credentials_expires ON firmware_credentials (expires);
