-- Provisioning server: layered configuration, device tags, pre-registration lookups, profile fetches, firmware.

-- Configuration values per scope, stored by flat name (TR-069 paths are translated through the phone mapping).
-- scope_kind: global | model | tag | device; scope_key: '' for global, the model name, the tag, the device id.
-- Names starting with '_' are reserved settings of the scope (e.g. _encryptionKey), never sent to a phone as such.
CREATE TABLE config_values (
    scope_kind  TEXT    NOT NULL,
    scope_key   TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    updated     BIGINT  NOT NULL,
    PRIMARY KEY (scope_kind, scope_key, name)
);

-- Tags of a device; the tag scopes apply to it in ordinal order of the tag.
CREATE TABLE device_tags (
    device_id   TEXT    NOT NULL,
    tag         TEXT    NOT NULL,
    PRIMARY KEY (device_id, tag)
);
CREATE INDEX ix_device_tags_tag ON device_tags (tag, device_id);

-- Lookup of a device by its MAC in any spelling the device reported (00:23:EB:00:00:01, 0023eb000001 ...):
-- the query must use the same expression for the index to be used.
CREATE INDEX ix_devices_mac_normalized ON devices (lower(replace(replace(mac_address, ':', ''), '-', '')));

-- The last profile request per device on the file server (GET or POST resync).
CREATE TABLE profile_fetches (
    device_id        TEXT    NOT NULL PRIMARY KEY,
    fetched          BIGINT  NOT NULL,
    method           TEXT    NOT NULL,
    file_name        TEXT    NOT NULL,
    remote_address   TEXT    NULL,
    user_agent       TEXT    NULL,
    software_version TEXT    NULL,     -- firmware version named by the User-Agent
    status_body      TEXT    NULL      -- the body of a POST resync (bounded), as the phone sent it
);

-- Firmware images, content-addressed: the file is DataDirectory/firmware/<sha256>.
CREATE TABLE firmware_images (
    id          TEXT    NOT NULL PRIMARY KEY,    -- the SHA-256, lower-case hex
    size        BIGINT  NOT NULL,
    version     TEXT    NOT NULL,
    models      TEXT    NOT NULL,                -- JSON array of model names from the image header
    file_name   TEXT    NULL,                    -- the name the phones ask for, e.g. sip88xx.12-0-1.loads
    signed      BIGINT  NOT NULL,
    created     BIGINT  NOT NULL
);
CREATE INDEX ix_firmware_images_file_name ON firmware_images (file_name);
