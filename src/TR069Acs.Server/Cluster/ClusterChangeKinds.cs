namespace TR069Acs.Server.Cluster;

/// <summary>What a change published through <see cref="IClusterSignals"/> is about, and what its key is.</summary>
internal static class ClusterChangeKinds
{
    /// <summary>A configuration scope's values; key <c>global:</c>, <c>model:NAME</c>, <c>tag:NAME</c>, <c>device:ID</c>.</summary>
    public const string ConfigScope = "config.scope";

    /// <summary>A device's tags; key the device id.</summary>
    public const string ConfigTags = "config.tags";

    /// <summary>A device's secure provisioning state; key the device id.</summary>
    public const string SecureProvisioning = "secure-provisioning";

    /// <summary>A stored file was deleted; key its SHA-256.</summary>
    public const string StoredFileDeleted = "stored-file.deleted";
}
