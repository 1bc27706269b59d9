-- Re-admission after a factory reset (issue 15, "a factory reset brings them back"). readmit_until: Unix ms until which
-- the device, though bound to credentials of its own, may open ONE session with the install's bootstrap credential on
-- an Inform carrying "0 BOOTSTRAP" — what a phone holds after a factory reset. Set when an ACS-issued FactoryReset
-- succeeded, or by an operator (POST /api/devices/{id}/cwmp-credentials/readmit) for a phone reset by hand; cleared
-- when used. NULL: no window.
ALTER TABLE cpe_credentials ADD COLUMN readmit_until BIGINT  NULL;
