-- TR069Acs schema, SQL Server 2019+ (T-SQL). The same tables, columns and indexes as schemas/db/sqlite/, translated:
-- times are Unix milliseconds (UTC) in BIGINT columns, generated ids BIGINT IDENTITY, JSON documents NVARCHAR(MAX).
--
-- Collation: every character column is COLLATE Latin1_General_100_BIN2, SQLite's BINARY comparison. A database's
-- default collation is usually case-insensitive (SQL_Latin1_General_CP1_CI_AS), which would merge device ids, parameter
-- names, serials and tags that differ only in case ('...X_Enable' and '...x_enable' are two parameters). BIN2 on
-- NVARCHAR compares code points; Dapper sends strings as NVARCHAR, so a parameter never forces a conversion of the
-- indexed column (a VARCHAR column with a _UTF8 collation would). One collation on every column also means no two of
-- our columns ever conflict in a join or comparison.
--
-- Sizes fit SQL Server's index key limits (900 bytes for a clustered key, 1,700 for a nonclustered one; NVARCHAR is two
-- bytes a character): a device id is NVARCHAR(192) (OUI 6 + ProductClass 64 + SerialNumber 64 + separators, with room
-- for %XX escapes), a parameter name NVARCHAR(256) (TR-106 3.1), so (device_id, name) is 896 bytes. A longer value is
-- refused by the database ("String or binary data would be truncated"), never cut.
--
-- The migration runner sends each script as batches split on GO lines, all in one transaction.

-- One row per CPE, keyed by the URL-safe id OUI-ProductClass-SerialNumber. Written behind (batched) from Informs.
CREATE TABLE devices (
    id                      NVARCHAR(192)  COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_devices PRIMARY KEY,
    oui                     NVARCHAR(64)   COLLATE Latin1_General_100_BIN2 NOT NULL,
    product_class           NVARCHAR(128)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    serial_number           NVARCHAR(128)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    manufacturer            NVARCHAR(256)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    software_version        NVARCHAR(256)  COLLATE Latin1_General_100_BIN2 NULL,
    hardware_version        NVARCHAR(256)  COLLATE Latin1_General_100_BIN2 NULL,
    mac_address             NVARCHAR(64)   COLLATE Latin1_General_100_BIN2 NULL,
    connection_request_url  NVARCHAR(2048) COLLATE Latin1_General_100_BIN2 NULL,
    remote_address          NVARCHAR(128)  COLLATE Latin1_General_100_BIN2 NULL,
    cwmp_version            NVARCHAR(16)   COLLATE Latin1_General_100_BIN2 NULL,
    last_events             NVARCHAR(MAX)  COLLATE Latin1_General_100_BIN2 NULL,   -- JSON [{eventCode, commandKey}] of the last Inform
    first_seen              BIGINT         NOT NULL,
    last_inform             BIGINT         NOT NULL
);
CREATE INDEX ix_devices_product_class ON devices (product_class, id);
CREATE INDEX ix_devices_software_version ON devices (software_version, id);
CREATE INDEX ix_devices_serial_number ON devices (serial_number);

-- The stored parameter tree: values from Informs and GetParameterValues, writability from GetParameterNames,
-- attributes from GetParameterAttributes. `updated` orders concurrent writers: an older write never wins.
-- Clustered on (device_id, name), as SQLite's WITHOUT ROWID table: a device's parameters are one range.
CREATE TABLE device_parameters (
    device_id    NVARCHAR(192) COLLATE Latin1_General_100_BIN2 NOT NULL,
    name         NVARCHAR(256) COLLATE Latin1_General_100_BIN2 NOT NULL,
    value        NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,
    type         NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL,
    writable     BIGINT        NULL,
    notification BIGINT        NULL,
    access_list  NVARCHAR(1024) COLLATE Latin1_General_100_BIN2 NULL,   -- comma-separated, e.g. "Subscriber"
    updated      BIGINT        NOT NULL,
    CONSTRAINT pk_device_parameters PRIMARY KEY CLUSTERED (device_id, name)
);

-- ACS -> CPE requests, run per device in id order. status: queued | sent | done | fault | expired.
CREATE TABLE tasks (
    id                  BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_tasks PRIMARY KEY,
    device_id           NVARCHAR(192) COLLATE Latin1_General_100_BIN2 NOT NULL,
    type                NVARCHAR(64)  COLLATE Latin1_General_100_BIN2 NOT NULL,   -- API name, e.g. getParameterValues
    payload             NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NOT NULL,   -- JSON, normalised by the API
    status              NVARCHAR(16)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    attempts            BIGINT        NOT NULL CONSTRAINT df_tasks_attempts DEFAULT 0,
    created             BIGINT        NOT NULL,
    sent                BIGINT        NULL,
    completed           BIGINT        NULL,
    expires             BIGINT        NOT NULL,
    command_key         NVARCHAR(256) COLLATE Latin1_General_100_BIN2 NULL,
    awaiting_transfer   BIGINT        NOT NULL CONSTRAINT df_tasks_awaiting_transfer DEFAULT 0,   -- sent, Status 1: a TransferComplete follows
    result              NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,       -- JSON
    fault_code          BIGINT        NULL,
    fault_message       NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,
    last_error          NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,       -- why the last attempt did not finish
    connection_request  NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL        -- JSON {ok, statusCode, error, at}
);
CREATE INDEX ix_tasks_device_status ON tasks (device_id, status, id);
CREATE INDEX ix_tasks_status_expires ON tasks (status, expires);
CREATE INDEX ix_tasks_device_command_key ON tasks (device_id, command_key);

-- Faults per device: CPE faults answering a task, failed transfers, tasks the ACS gave up on.
CREATE TABLE faults (
    id          BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_faults PRIMARY KEY,
    device_id   NVARCHAR(192) COLLATE Latin1_General_100_BIN2 NOT NULL,
    task_id     BIGINT        NULL,
    code        BIGINT        NULL,               -- NULL when the ACS gave up (no CWMP fault code applies)
    message     NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NOT NULL,
    detail      NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,   -- JSON, e.g. the SetParameterValuesFault list
    created     BIGINT        NOT NULL
);
CREATE INDEX ix_faults_device ON faults (device_id, id);

-- TransferComplete / AutonomousTransferComplete as received, matched to a task or not.
CREATE TABLE transfers (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_transfers PRIMARY KEY,
    device_id       NVARCHAR(192) COLLATE Latin1_General_100_BIN2 NOT NULL,
    task_id         BIGINT        NULL,
    autonomous      BIGINT        NOT NULL,
    command_key     NVARCHAR(256) COLLATE Latin1_General_100_BIN2 NULL,
    fault_code      BIGINT        NOT NULL,
    fault_string    NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NOT NULL,
    start_time      NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,
    complete_time   NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,
    detail          NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,   -- JSON of the autonomous transfer's arguments
    received        BIGINT        NOT NULL
);
CREATE INDEX ix_transfers_device ON transfers (device_id, id);

-- Connection Request credentials the ACS itself set on a device; NULL members fall back to the configured defaults.
CREATE TABLE connection_request_credentials (
    device_id   NVARCHAR(192) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_connection_request_credentials PRIMARY KEY,
    username    NVARCHAR(256) COLLATE Latin1_General_100_BIN2 NULL,
    password    NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,
    updated     BIGINT        NOT NULL
);

-- One CWMP session per device across ACS nodes: taken when a session starts sending tasks. expires is compared with
-- the database's clock (SYSUTCDATETIME), never a node's.
CREATE TABLE leases (
    device_id   NVARCHAR(192) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_leases PRIMARY KEY,
    node        NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    expires     BIGINT        NOT NULL
);
