-- Issue 16 §6: a syslog message changes a device's status only when its sender is the device's last known address (its
-- last Inform or profile fetch). verified: 1 such a message, 0 any other (sent from elsewhere, or attached to no device);
-- NULL for messages stored before this migration, when the ACS did not tell (retention counts them with the verified).
-- Verified and unverified messages of a device have separate retention budgets, so forged lines never evict genuine ones.
ALTER TABLE syslog_messages ADD COLUMN verified BIGINT  NULL;
