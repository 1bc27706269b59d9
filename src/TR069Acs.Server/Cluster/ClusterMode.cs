namespace TR069Acs.Server.Cluster;

/// <summary>Whether this node shares its database with other nodes (<c>Acs:Cluster:Mode</c>).</summary>
public enum ClusterMode
{
    /// <summary>Shared on a server database (postgres, sqlserver), single on SQLite.</summary>
    Auto,

    /// <summary>This node alone uses the database.</summary>
    Single,

    /// <summary>Several nodes use the database (on SQLite: nodes on one host sharing the file, WAL mode).</summary>
    Shared,
}
