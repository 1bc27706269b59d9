-- Syslog receiver: the phones' messages per device and the provisioning status parsed from them; and the
-- per-download firmware credentials (Acs:FirmwareAuth = PerDownload), which share this migration number.

-- Every datagram the receiver stored, attached to a device when one could be found (device_id NULL otherwise).
-- Malformed datagrams are kept too: severity/facility NULL, message = the raw text, problem = why.
-- IDENTITY never reuses a value after the oldest rows are pruned: the logs API pages by id.
CREATE TABLE syslog_messages (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_syslog_messages PRIMARY KEY,
    device_id       NVARCHAR(192) COLLATE Latin1_General_100_BIN2 NULL,
    matched_by      NVARCHAR(16)  COLLATE Latin1_General_100_BIN2 NULL,   -- mac | serial | address
    received        BIGINT        NOT NULL,                               -- the receiver's clock
    remote_address  NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    format          NVARCHAR(16)  COLLATE Latin1_General_100_BIN2 NULL,   -- rfc3164 | rfc5424
    facility        BIGINT        NULL,
    severity        BIGINT        NULL,                                   -- RFC 5424 6.2.1: 0 emergency .. 7 debug
    sent            BIGINT        NULL,                                   -- the sender's timestamp, if any
    hostname        NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,   -- the phones put Syslog_Identifier here
    app_name        NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,
    process_id      NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,
    message_id      NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,
    structured_data NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,
    message         NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NOT NULL,
    event           NVARCHAR(32)  COLLATE Latin1_General_100_BIN2 NULL,   -- resyncRequest | resyncSuccess | … | upgradeFailure
    problem         NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,   -- why a malformed datagram is not syslog
    truncated       BIGINT        NOT NULL CONSTRAINT df_syslog_messages_truncated DEFAULT 0
);
CREATE INDEX ix_syslog_messages_device ON syslog_messages (device_id, id);
CREATE INDEX ix_syslog_messages_received ON syslog_messages (received);

-- The outcome of each device's last resync and upgrade as its syslog messages told it.
CREATE TABLE device_status (
    device_id        NVARCHAR(192) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_device_status PRIMARY KEY,
    resync_at        BIGINT        NULL,
    resync_result    NVARCHAR(16)  COLLATE Latin1_General_100_BIN2 NULL,   -- requested | succeeded | failed
    resync_url       NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,
    resync_error     NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,
    upgrade_at       BIGINT        NULL,
    upgrade_result   NVARCHAR(16)  COLLATE Latin1_General_100_BIN2 NULL,
    upgrade_url      NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,
    upgrade_version  NVARCHAR(256) COLLATE Latin1_General_100_BIN2 NULL,
    upgrade_error    NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,
    error_at         BIGINT        NULL,                                   -- the last failure of either kind
    error            NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,
    last_message_at  BIGINT        NOT NULL
);

-- Messages are attached by the sender's address when they name no device: the address of its last Inform and of
-- its last profile fetch.
CREATE INDEX ix_devices_remote_address ON devices (remote_address);
CREATE INDEX ix_profile_fetches_remote_address ON profile_fetches (remote_address);

-- Per-download firmware credentials: the Download RPC's Username/Password for one image, hashed (SHA-256 of
-- salt || password), valid until expires. A user name may repeat when an operator gives the same one to many tasks.
CREATE TABLE firmware_credentials (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_firmware_credentials PRIMARY KEY,
    username        NVARCHAR(256) COLLATE Latin1_General_100_BIN2 NOT NULL,
    salt            NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,   -- hex
    password_hash   NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,   -- hex
    firmware_id     NVARCHAR(64)  COLLATE Latin1_General_100_BIN2 NOT NULL,   -- firmware_images.id (SHA-256)
    device_id       NVARCHAR(192) COLLATE Latin1_General_100_BIN2 NOT NULL,
    command_key     NVARCHAR(256) COLLATE Latin1_General_100_BIN2 NULL,
    created         BIGINT        NOT NULL,
    expires         BIGINT        NOT NULL
);
CREATE INDEX ix_firmware_credentials_username ON firmware_credentials (username, expires);
CREATE INDEX ix_firmware_credentials_expires ON firmware_credentials (expires);
