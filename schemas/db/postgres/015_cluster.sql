-- Several ACS nodes on one database (issue 10 §3); the same tables as schemas/db/sqlite/015_cluster.sql, which
-- explains them.
CREATE TABLE cluster_nodes (
    id          TEXT    NOT NULL PRIMARY KEY,
    instance    TEXT    NOT NULL,
    version     TEXT    NOT NULL,
    cwmp_url    TEXT    NOT NULL,
    api_url     TEXT    NOT NULL,
    started     BIGINT  NOT NULL,
    last_seen   BIGINT  NOT NULL,
    stopped     BIGINT  NOT NULL DEFAULT 0
);

CREATE TABLE changes (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    node        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    at          BIGINT  NOT NULL
);

CREATE TABLE stored_file_chunks (
    file_id     TEXT    NOT NULL,
    seq         BIGINT  NOT NULL,
    data        BYTEA   NOT NULL,
    PRIMARY KEY (file_id, seq)
);

CREATE TABLE stored_files (
    id          TEXT    NOT NULL PRIMARY KEY,
    kind        TEXT    NOT NULL,
    size        BIGINT  NOT NULL,
    chunk_size  BIGINT  NOT NULL,
    chunks      BIGINT  NOT NULL,
    created     BIGINT  NOT NULL
);

CREATE TABLE cluster_keys (
    name        TEXT    NOT NULL PRIMARY KEY,
    value       TEXT    NOT NULL,
    created     BIGINT  NOT NULL
);
