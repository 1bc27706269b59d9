-- Configuration history (issue 15 §2): every write of a scope is a version. version counts from 1 per scope; a
-- rollback is a new version whose values are those of an earlier one.
-- diff: JSON array of {"name","change","old","new"}, secret values masked. snapshot: JSON object of every value the
-- scope holds after the write (secrets encrypted, "dp1:" prefix). devices: the SetParameterValues tasks the write queued.
CREATE TABLE config_history (
    scope_kind      NVARCHAR(16)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    scope_key       NVARCHAR(192) COLLATE Latin1_General_100_BIN2 NOT NULL,
    version         BIGINT        NOT NULL,
    time            BIGINT        NOT NULL,   -- ms since the Unix epoch
    actor           NVARCHAR(256) COLLATE Latin1_General_100_BIN2 NOT NULL,
    action          NVARCHAR(16)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    rolled_back_to  BIGINT        NULL,
    diff            NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NOT NULL,
    snapshot        NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NOT NULL,
    devices         BIGINT        NOT NULL,
    CONSTRAINT pk_config_history PRIMARY KEY CLUSTERED (scope_kind, scope_key, version)
);

-- Firmware names cannot be swapped (issue 15 §3): an upload with ?replace=true takes them over; the earlier image keeps
-- its id but loses its file name, and records the image that replaced it and when.
ALTER TABLE firmware_images ADD replaced_by NVARCHAR(64) COLLATE Latin1_General_100_BIN2 NULL, replaced BIGINT NULL;
