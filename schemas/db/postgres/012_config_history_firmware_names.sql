-- Configuration history (issue 15 §2): every write of a scope is a version. version counts from 1 per scope; a
-- rollback is a new version whose values are those of an earlier one.
-- actor: the operator (as in audit_log.actor); action: put | patch | delete | rollback (rolled_back_to says which).
-- diff: JSON array of {"name","change":"added|changed|removed","old","new"}, secret values masked ("********").
-- snapshot: JSON object of every value the scope holds after the write, as config_values stores them (secrets
-- encrypted, "dp1:" prefix): what a rollback restores. devices: the SetParameterValues tasks the write queued.
CREATE TABLE config_history (
    scope_kind      TEXT    NOT NULL,
    scope_key       TEXT    NOT NULL,
    version         BIGINT  NOT NULL,
    time            BIGINT  NOT NULL,   -- ms since the Unix epoch
    actor           TEXT    NOT NULL,
    action          TEXT    NOT NULL,
    rolled_back_to  BIGINT  NULL,
    diff            TEXT    NOT NULL,
    snapshot        TEXT    NOT NULL,
    devices         BIGINT  NOT NULL,
    PRIMARY KEY (scope_kind, scope_key, version)
);

-- Firmware names cannot be swapped (issue 15 §3): a file name or (models, version) belongs to one image. An upload
-- with ?replace=true takes them over: the earlier image keeps its id (campaigns name images by SHA-256 and keep
-- theirs) but loses its file name, and records the image that replaced it and when.
ALTER TABLE firmware_images ADD COLUMN replaced_by TEXT NULL;
ALTER TABLE firmware_images ADD COLUMN replaced BIGINT  NULL;
