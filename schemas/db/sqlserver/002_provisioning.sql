-- Provisioning server: layered configuration, device tags, pre-registration lookups, profile fetches, firmware.

-- Configuration values per scope, stored by flat name (TR-069 paths are translated through the phone mapping).
-- scope_kind: global | model | tag | device; scope_key: '' for global, the model name, the tag, the device id.
-- Names starting with '_' are reserved settings of the scope (e.g. _encryptionKey), never sent to a phone as such.
-- name is NVARCHAR(200) so the clustered key (16 + 192 + 200 characters) stays under 900 bytes; the longest flat name
-- of the catalogue has 42 characters.
CREATE TABLE config_values (
    scope_kind  NVARCHAR(16)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    scope_key   NVARCHAR(192) COLLATE Latin1_General_100_BIN2 NOT NULL,
    name        NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    value       NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NOT NULL,
    updated     BIGINT        NOT NULL,
    CONSTRAINT pk_config_values PRIMARY KEY CLUSTERED (scope_kind, scope_key, name)
);

-- Tags of a device; the tag scopes apply to it in ordinal order of the tag (BIN2 orders by code point, as SQLite).
CREATE TABLE device_tags (
    device_id   NVARCHAR(192) COLLATE Latin1_General_100_BIN2 NOT NULL,
    tag         NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    CONSTRAINT pk_device_tags PRIMARY KEY CLUSTERED (device_id, tag)
);
CREATE INDEX ix_device_tags_tag ON device_tags (tag, device_id);

-- Lookup of a device by its MAC in any spelling the device reported (00:23:EB:00:00:01, 0023eb000001 ...). SQL Server
-- indexes an expression through a computed column; queries name mac_normalized (SQLite indexes the expression itself).
-- A computed column is never written: a copy between databases skips it.
ALTER TABLE devices ADD mac_normalized AS LOWER(REPLACE(REPLACE(mac_address, ':', ''), '-', '')) PERSISTED;
GO
CREATE INDEX ix_devices_mac_normalized ON devices (mac_normalized);

-- The last profile request per device on the file server (GET or POST resync).
CREATE TABLE profile_fetches (
    device_id        NVARCHAR(192)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_profile_fetches PRIMARY KEY,
    fetched          BIGINT         NOT NULL,
    method           NVARCHAR(16)   COLLATE Latin1_General_100_BIN2 NOT NULL,
    file_name        NVARCHAR(1024) COLLATE Latin1_General_100_BIN2 NOT NULL,
    remote_address   NVARCHAR(128)  COLLATE Latin1_General_100_BIN2 NULL,
    user_agent       NVARCHAR(MAX)  COLLATE Latin1_General_100_BIN2 NULL,
    software_version NVARCHAR(256)  COLLATE Latin1_General_100_BIN2 NULL,   -- firmware version named by the User-Agent
    status_body      NVARCHAR(MAX)  COLLATE Latin1_General_100_BIN2 NULL    -- the body of a POST resync (bounded)
);

-- Firmware images, content-addressed: the SHA-256 names the image.
CREATE TABLE firmware_images (
    id          NVARCHAR(64)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_firmware_images PRIMARY KEY,   -- SHA-256, lower-case hex
    size        BIGINT        NOT NULL,
    version     NVARCHAR(256) COLLATE Latin1_General_100_BIN2 NOT NULL,
    models      NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NOT NULL,   -- JSON array of model names from the image header
    file_name   NVARCHAR(256) COLLATE Latin1_General_100_BIN2 NULL,       -- the name the phones ask for, e.g. sip88xx.12-0-1.loads
    signed      BIGINT        NOT NULL,
    created     BIGINT        NOT NULL
);
CREATE INDEX ix_firmware_images_file_name ON firmware_images (file_name);
