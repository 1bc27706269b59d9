namespace TR069Acs.Server.Provisioning;

/// <summary>Settings of activation codes (<c>Acs:Activation:…</c>).</summary>
public sealed class ActivationOptions
{
    /// <summary>Lifetime of a code created without <c>expiresInSeconds</c> or <c>expires</c>: 14 days.</summary>
    public int DefaultExpirySeconds { get; set; } = 14 * 24 * 3600;

    /// <summary>Most codes one <c>POST /api/activation-codes</c> creates.</summary>
    public int MaxCodesPerRequest { get; set; } = 1000;

    /// <summary>Failed activations (unknown, used, expired, revoked or malformed codes) one remote address may make per
    /// minute; beyond it every activation from that address gets 429 until the minute has passed.</summary>
    public int MaxFailuresPerMinute { get; set; } = 10;

    /// <summary>The permanent <c>Profile_Rule</c> an activated phone receives when its code names none; null:
    /// <c>http://PublicHost:FilesPort/cfg/$MA.cfg</c>, the device's own profile on this file server.</summary>
    public string? ProfileRule { get; set; }
}
