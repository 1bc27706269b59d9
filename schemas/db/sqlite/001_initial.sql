-- TR069Acs schema, SQLite. Times are Unix milliseconds (UTC) in INTEGER columns: they compare and index cheaply
-- and mean the same on every provider. JSON documents are TEXT.

-- One row per CPE, keyed by the URL-safe id OUI-ProductClass-SerialNumber. Written behind (batched) from Informs.
CREATE TABLE devices (
    id                      TEXT    NOT NULL PRIMARY KEY,
    oui                     TEXT    NOT NULL,
    product_class           TEXT    NOT NULL,
    serial_number           TEXT    NOT NULL,
    manufacturer            TEXT    NOT NULL,
    software_version        TEXT    NULL,
    hardware_version        TEXT    NULL,
    mac_address             TEXT    NULL,
    connection_request_url  TEXT    NULL,
    remote_address          TEXT    NULL,
    cwmp_version            TEXT    NULL,
    last_events             TEXT    NULL,    -- JSON [{eventCode, commandKey}] of the last Inform
    first_seen              INTEGER NOT NULL,
    last_inform             INTEGER NOT NULL
);
CREATE INDEX ix_devices_product_class ON devices (product_class, id);
CREATE INDEX ix_devices_software_version ON devices (software_version, id);
CREATE INDEX ix_devices_serial_number ON devices (serial_number);

-- The stored parameter tree: values from Informs and GetParameterValues, writability from GetParameterNames,
-- attributes from GetParameterAttributes. `updated` orders concurrent writers: an older write never wins.
CREATE TABLE device_parameters (
    device_id    TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    value        TEXT    NULL,
    type         TEXT    NULL,
    writable     INTEGER NULL,
    notification INTEGER NULL,
    access_list  TEXT    NULL,              -- comma-separated, e.g. "Subscriber"
    updated      INTEGER NOT NULL,
    PRIMARY KEY (device_id, name)
) WITHOUT ROWID;

-- ACS -> CPE requests, run per device in id order. status: queued | sent | done | fault | expired.
CREATE TABLE tasks (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id           TEXT    NOT NULL,
    type                TEXT    NOT NULL,   -- API name, e.g. getParameterValues
    payload             TEXT    NOT NULL,   -- JSON, normalised by the API
    status              TEXT    NOT NULL,
    attempts            INTEGER NOT NULL DEFAULT 0,
    created             INTEGER NOT NULL,
    sent                INTEGER NULL,
    completed           INTEGER NULL,
    expires             INTEGER NOT NULL,
    command_key         TEXT    NULL,
    awaiting_transfer   INTEGER NOT NULL DEFAULT 0,   -- sent, DownloadResponse/UploadResponse Status 1: a TransferComplete follows
    result              TEXT    NULL,       -- JSON
    fault_code          INTEGER NULL,
    fault_message       TEXT    NULL,
    last_error          TEXT    NULL,       -- why the last attempt did not finish (broken session, timeout ...)
    connection_request  TEXT    NULL        -- JSON {ok, statusCode, error, at}
);
CREATE INDEX ix_tasks_device_status ON tasks (device_id, status, id);
CREATE INDEX ix_tasks_status_expires ON tasks (status, expires);
CREATE INDEX ix_tasks_device_command_key ON tasks (device_id, command_key);

-- Faults per device: CPE faults answering a task, failed transfers, tasks the ACS gave up on.
CREATE TABLE faults (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id   TEXT    NOT NULL,
    task_id     INTEGER NULL,
    code        INTEGER NULL,               -- NULL when the ACS gave up (no CWMP fault code applies)
    message     TEXT    NOT NULL,
    detail      TEXT    NULL,               -- JSON, e.g. the SetParameterValuesFault list
    created     INTEGER NOT NULL
);
CREATE INDEX ix_faults_device ON faults (device_id, id);

-- TransferComplete / AutonomousTransferComplete as received, matched to a task or not.
CREATE TABLE transfers (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id       TEXT    NOT NULL,
    task_id         INTEGER NULL,
    autonomous      INTEGER NOT NULL,
    command_key     TEXT    NULL,
    fault_code      INTEGER NOT NULL,
    fault_string    TEXT    NOT NULL,
    start_time      TEXT    NULL,
    complete_time   TEXT    NULL,
    detail          TEXT    NULL,           -- JSON of the autonomous transfer's arguments
    received        INTEGER NOT NULL
);
CREATE INDEX ix_transfers_device ON transfers (device_id, id);

-- Connection Request credentials the ACS itself set on a device (SetParameterValues of
-- ManagementServer.ConnectionRequestUsername/Password); NULL members fall back to the configured defaults.
-- Kept apart from devices because devices are written behind and these must not wait for that.
CREATE TABLE connection_request_credentials (
    device_id   TEXT    NOT NULL PRIMARY KEY,
    username    TEXT    NULL,
    password    TEXT    NULL,
    updated     INTEGER NOT NULL
);

-- One CWMP session per device across ACS nodes: taken when a session starts sending tasks.
CREATE TABLE leases (
    device_id   TEXT    NOT NULL PRIMARY KEY,
    node        TEXT    NOT NULL,
    expires     INTEGER NOT NULL
);
