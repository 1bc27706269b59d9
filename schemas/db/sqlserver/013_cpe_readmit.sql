-- Re-admission after a factory reset (issue 15): readmit_until is the Unix ms until which the device may open ONE
-- session with the install's bootstrap credential on an Inform carrying "0 BOOTSTRAP". NULL: no window.
ALTER TABLE cpe_credentials ADD readmit_until BIGINT NULL;
