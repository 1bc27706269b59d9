-- Desired state, reconciled (issue 15 §1): what the ACS knows each phone holds of its configured flat parameters.
-- One row per device and flat name that has a desired value. value: the flat value the phone holds as last seen or set
-- (a sensitive parameter, which reads back empty, keeps what the ACS last set successfully, protected "dp1:…").
-- origin: set (a SetParameterValues the phone accepted), inform (an Inform, e.g. 4 VALUE CHANGE), read (a
-- GetParameterValues answer). drifted = 1: the phone reported this value while its desired value was another one.
-- seen: when the phone was last known to hold value; confirmed: when it last held its desired value (0: never).
CREATE TABLE device_config_state (
    device_id   TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    origin      TEXT    NOT NULL,
    drifted     BIGINT  NOT NULL DEFAULT 0,
    seen        BIGINT  NOT NULL,
    confirmed   BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (device_id, name)
);

-- When the ACS last compared a device's desired state with what it knows of it (Acs:Config:ReconcileInterval).
CREATE TABLE device_config_reconciled (
    device_id   TEXT    NOT NULL PRIMARY KEY,
    reconciled  BIGINT  NOT NULL
);
