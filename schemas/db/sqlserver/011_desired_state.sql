-- Desired state, reconciled (issue 15 §1): what the ACS knows each phone holds of its configured flat parameters.
-- origin: set | inform | read. drifted = 1: the phone reported this value while its desired value was another one.
-- seen: when the phone was last known to hold value; confirmed: when it last held its desired value (0: never).
CREATE TABLE device_config_state (
    device_id   NVARCHAR(192) COLLATE Latin1_General_100_BIN2 NOT NULL,
    name        NVARCHAR(256) COLLATE Latin1_General_100_BIN2 NOT NULL,
    value       NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NOT NULL,
    origin      NVARCHAR(16)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    drifted     BIGINT        NOT NULL CONSTRAINT df_device_config_state_drifted DEFAULT 0,
    seen        BIGINT        NOT NULL,
    confirmed   BIGINT        NOT NULL CONSTRAINT df_device_config_state_confirmed DEFAULT 0,
    CONSTRAINT pk_device_config_state PRIMARY KEY CLUSTERED (device_id, name)
);

-- When the ACS last compared a device's desired state with what it knows of it (Acs:Config:ReconcileInterval).
CREATE TABLE device_config_reconciled (
    device_id   NVARCHAR(192) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_device_config_reconciled PRIMARY KEY,
    reconciled  BIGINT        NOT NULL
);
