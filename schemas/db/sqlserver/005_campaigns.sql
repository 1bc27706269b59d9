-- Firmware campaigns (issue 5). The campaign tables are the source of truth for progress; Quartz (006) only
-- decides when the next tick runs. Counts are never stored: they are one grouped query over campaign_devices.

-- One row per campaign. definition is the normalised request (JSON); status:
-- scheduled | running | paused | completed | stopped | cancelled.
CREATE TABLE campaigns (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_campaigns PRIMARY KEY,
    name            NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    firmware_id     NVARCHAR(64)  COLLATE Latin1_General_100_BIN2 NOT NULL,   -- firmware_images.id (SHA-256)
    target_version  NVARCHAR(256) COLLATE Latin1_General_100_BIN2 NOT NULL,   -- the image's version when the campaign was created
    definition      NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NOT NULL,
    status          NVARCHAR(16)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    stop_reason     NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,
    phase           BIGINT        NOT NULL CONSTRAINT df_campaigns_phase DEFAULT 0,   -- the phase devices are being started in
    created         BIGINT        NOT NULL,
    started         BIGINT        NULL,                 -- membership resolved
    finished        BIGINT        NULL
);
CREATE INDEX ix_campaigns_status ON campaigns (status, id);
CREATE INDEX ix_campaigns_firmware ON campaigns (firmware_id, status);

-- The members of a campaign, resolved when it starts. state: pending | inProgress | succeeded | failed | skipped.
-- An attempt is one Download with CommandKey campaign:{campaign}:{seq}:{attempt}; its task is task_id.
CREATE TABLE campaign_devices (
    campaign_id     BIGINT        NOT NULL,
    device_id       NVARCHAR(192) COLLATE Latin1_General_100_BIN2 NOT NULL,
    seq             BIGINT        NOT NULL,       -- selection order, 1-based; names the device in its CommandKeys
    phase           BIGINT        NULL,           -- NULL for skipped devices
    state           NVARCHAR(16)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    attempts        BIGINT        NOT NULL CONSTRAINT df_campaign_devices_attempts DEFAULT 0,
    command_key     NVARCHAR(256) COLLATE Latin1_General_100_BIN2 NULL,   -- of the current or last attempt
    task_id         BIGINT        NULL,           -- tasks.id of the current or last attempt's Download
    transfer_ok     BIGINT        NULL,
    version_seen    BIGINT        NULL,
    last_fault      NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,   -- "9010 message", or why the attempt was unconfirmed
    reason          NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,   -- why it was skipped or refused; why it went back to pending
    not_before      BIGINT        NULL,           -- a retry waits until then
    queued          BIGINT        NULL,           -- current attempt queued
    started         BIGINT        NULL,           -- first attempt queued
    finished        BIGINT        NULL,
    CONSTRAINT pk_campaign_devices PRIMARY KEY CLUSTERED (campaign_id, device_id)
);
CREATE INDEX ix_campaign_devices_state ON campaign_devices (campaign_id, state, seq);
CREATE INDEX ix_campaign_devices_finished ON campaign_devices (campaign_id, finished);
CREATE INDEX ix_campaign_devices_device ON campaign_devices (device_id, state);
-- No CommandKey is ever used twice: the guard that makes queueing a Download idempotent (a filtered index, as SQLite's
-- partial one: any number of NULLs).
CREATE UNIQUE INDEX ux_campaign_devices_command_key ON campaign_devices (command_key) WHERE command_key IS NOT NULL;
