-- Firmware campaigns (issue 5). The campaign tables are the source of truth for progress; Quartz (006) only
-- decides when the next tick runs. Counts are never stored: they are one grouped query over campaign_devices,
-- so they cannot drift from the device states.

-- One row per campaign. definition is the normalised request (JSON); status:
-- scheduled | running | paused | completed | stopped | cancelled.
CREATE TABLE campaigns (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT    NOT NULL,
    firmware_id     TEXT    NOT NULL,       -- firmware_images.id (SHA-256)
    target_version  TEXT    NOT NULL,       -- the image's version when the campaign was created
    definition      TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    stop_reason     TEXT    NULL,
    phase           INTEGER NOT NULL DEFAULT 0,   -- the phase devices are being started in (0: canary or all)
    created         INTEGER NOT NULL,
    started         INTEGER NULL,                 -- membership resolved
    finished        INTEGER NULL
);
CREATE INDEX ix_campaigns_status ON campaigns (status, id);
CREATE INDEX ix_campaigns_firmware ON campaigns (firmware_id, status);

-- The members of a campaign, resolved when it starts. state: pending | inProgress | succeeded | failed | skipped.
-- An attempt is one Download with CommandKey campaign:{campaign}:{seq}:{attempt}; its task is task_id.
-- transfer_ok: when the attempt's TransferComplete reported no fault; version_seen: when an Inform after the attempt
-- was queued reported the target version. Both set = succeeded.
CREATE TABLE campaign_devices (
    campaign_id     INTEGER NOT NULL,
    device_id       TEXT    NOT NULL,
    seq             INTEGER NOT NULL,       -- selection order, 1-based; names the device in its CommandKeys
    phase           INTEGER NULL,           -- NULL for skipped devices
    state           TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    command_key     TEXT    NULL,           -- of the current or last attempt
    task_id         INTEGER NULL,           -- tasks.id of the current or last attempt's Download
    transfer_ok     INTEGER NULL,
    version_seen    INTEGER NULL,
    last_fault      TEXT    NULL,           -- "9010 message", or why the attempt was unconfirmed
    reason          TEXT    NULL,           -- why it was skipped or refused; why it went back to pending
    not_before      INTEGER NULL,           -- a retry waits until then
    queued          INTEGER NULL,           -- current attempt queued
    started         INTEGER NULL,           -- first attempt queued
    finished        INTEGER NULL,
    PRIMARY KEY (campaign_id, device_id)
);
CREATE INDEX ix_campaign_devices_state ON campaign_devices (campaign_id, state, seq);
CREATE INDEX ix_campaign_devices_finished ON campaign_devices (campaign_id, finished);
CREATE INDEX ix_campaign_devices_device ON campaign_devices (device_id, state);
-- No CommandKey is ever used twice: the guard that makes queueing a Download idempotent.
CREATE UNIQUE INDEX ux_campaign_devices_command_key ON campaign_devices (command_key) WHERE command_key IS NOT NULL;
