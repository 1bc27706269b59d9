-- Each device's own CWMP credentials (issue 9 §1, DESIGN §4a). Passwords are stored protected (SecretProtector, "dp1:…").
-- password: the pair the device is known to hold; next_password: the pair set on it by SetParameterValues, valid
-- together with the old one until the device has accepted it. bootstrap = 1 while the device has never accepted
-- credentials of its own. push = 1 while next_* must be sent to the device in its next session.
CREATE TABLE cpe_credentials (
    device_id           NVARCHAR(192) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_cpe_credentials PRIMARY KEY,
    username            NVARCHAR(256) COLLATE Latin1_General_100_BIN2 NOT NULL,
    password            NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,
    next_password       NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,
    cr_username         NVARCHAR(256) COLLATE Latin1_General_100_BIN2 NULL,
    cr_password         NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,
    next_cr_password    NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL,
    bootstrap           BIGINT        NOT NULL,
    push                BIGINT        NOT NULL,
    pre_registered      BIGINT        NOT NULL,
    created             BIGINT        NOT NULL,
    updated             BIGINT        NOT NULL
);
-- CWMP user names are compared exactly (HTTP Digest/Basic user names are case-sensitive).
CREATE INDEX ix_cpe_credentials_username ON cpe_credentials (username);
