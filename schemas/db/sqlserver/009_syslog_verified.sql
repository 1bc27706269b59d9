-- Issue 16 §6: a syslog message changes a device's status only when its sender is the device's last known address.
-- verified: 1 such a message, 0 any other; NULL for messages stored before this migration.
ALTER TABLE syslog_messages ADD verified BIGINT NULL;
