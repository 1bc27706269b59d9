-- Each device's own CWMP credentials (issue 9 §1, DESIGN §4a). Passwords are stored protected (SecretProtector, "dp1:…").
-- password: the pair the device is known to hold; next_password: the pair set on it by SetParameterValues (first session
-- or rotation), valid together with the old one until the device has accepted it. bootstrap = 1 while the device has
-- never accepted credentials of its own: until then the install's bootstrap credential (or, with open admission, none)
-- still opens its sessions. push = 1 while next_* must be sent to the device in its next session.
CREATE TABLE cpe_credentials (
    device_id           TEXT    NOT NULL PRIMARY KEY,
    username            TEXT    NOT NULL,
    password            TEXT    NULL,
    next_password       TEXT    NULL,
    cr_username         TEXT    NULL,
    cr_password         TEXT    NULL,
    next_cr_password    TEXT    NULL,
    bootstrap           BIGINT  NOT NULL,
    push                BIGINT  NOT NULL,
    pre_registered      BIGINT  NOT NULL,
    created             BIGINT  NOT NULL,
    updated             BIGINT  NOT NULL
);
CREATE INDEX ix_cpe_credentials_username ON cpe_credentials (username);
