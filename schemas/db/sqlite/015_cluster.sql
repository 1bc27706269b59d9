-- Several ACS nodes on one database (issue 10 §3).

-- Membership: one row per node id (Acs:NodeId), refreshed every Acs:Cluster:HeartbeatInterval. instance changes at every
-- start of the node (it is the owner name of the node's device leases). started, last_seen, stopped: Unix ms by the
-- node's clock; stopped is set by a clean shutdown (0 while running). /api/health lists the nodes seen recently.
CREATE TABLE cluster_nodes (
    id          TEXT    NOT NULL PRIMARY KEY,
    instance    TEXT    NOT NULL,
    version     TEXT    NOT NULL,
    cwmp_url    TEXT    NOT NULL,
    api_url     TEXT    NOT NULL,
    started     INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL,
    stopped     INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- What changed, for the other nodes' caches (IClusterSignals): kind (config.scope, config.tags, device, …) and key.
-- Every node polls rows after the last id it saw every Acs:Cluster:PollInterval; rows older than an hour are pruned.
-- AUTOINCREMENT keeps ids increasing after pruning.
CREATE TABLE changes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    node        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    at          INTEGER NOT NULL
);

-- Stored files (firmware images) kept in the database so that every node can serve them without a shared disk; each
-- node caches them under its data directory and checks the SHA-256 (the id) before serving. A file is its chunks
-- (seq 0, 1, … of chunk_size bytes, the last one shorter); the stored_files row is written last, in the same
-- transaction, so a row means a complete file.
CREATE TABLE stored_file_chunks (
    file_id     TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    data        BLOB    NOT NULL,
    PRIMARY KEY (file_id, seq)
) WITHOUT ROWID;

CREATE TABLE stored_files (
    id          TEXT    NOT NULL PRIMARY KEY,
    kind        TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    chunk_size  INTEGER NOT NULL,
    chunks      INTEGER NOT NULL,
    created     INTEGER NOT NULL
) WITHOUT ROWID;

-- Keys the nodes must share (e.g. "digest-nonces": a CPE challenged by one node may answer to another), created by the
-- first node that needs one. value: the key, base64, protected with the Data Protection key ring ("dp1:…").
CREATE TABLE cluster_keys (
    name        TEXT    NOT NULL PRIMARY KEY,
    value       TEXT    NOT NULL,
    created     INTEGER NOT NULL
) WITHOUT ROWID;
