-- Several ACS nodes on one database (issue 10 §3); the same tables as schemas/db/sqlite/015_cluster.sql, which
-- explains them. [key] is bracketed: KEY is a reserved word in T-SQL.
CREATE TABLE cluster_nodes (
    id          NVARCHAR(200)  COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
    instance    NVARCHAR(400)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    version     NVARCHAR(100)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    cwmp_url    NVARCHAR(2000) COLLATE Latin1_General_100_BIN2 NOT NULL,
    api_url     NVARCHAR(2000) COLLATE Latin1_General_100_BIN2 NOT NULL,
    started     BIGINT NOT NULL,
    last_seen   BIGINT NOT NULL,
    stopped     BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE changes (
    id          BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    node        NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    kind        NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    [key]       NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NOT NULL,
    at          BIGINT NOT NULL
);

CREATE TABLE stored_file_chunks (
    file_id     NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    seq         BIGINT NOT NULL,
    data        VARBINARY(MAX) NOT NULL,
    PRIMARY KEY (file_id, seq)
);

CREATE TABLE stored_files (
    id          NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
    kind        NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    size        BIGINT NOT NULL,
    chunk_size  BIGINT NOT NULL,
    chunks      BIGINT NOT NULL,
    created     BIGINT NOT NULL
);

CREATE TABLE cluster_keys (
    name        NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
    value       NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NOT NULL,
    created     BIGINT NOT NULL
);
