namespace TR069Acs.Server.Provisioning;

/// <summary>A row of <c>activation_codes</c> (the code itself is not stored, only its hash).</summary>
internal sealed class ActivationCodeRow
{
    public long Id { get; init; }

    public string CodeHash { get; init; } = "";

    public string Prefix { get; init; } = "";

    public string? Tag { get; init; }

    public string? Account { get; init; }

    public string? ScopeKind { get; init; }

    public string? ScopeKey { get; init; }

    public string? ProfileRule { get; init; }

    public long Created { get; init; }

    public long Expires { get; init; }

    public long? Used { get; init; }

    public string? UsedFrom { get; init; }

    public string? DeviceId { get; init; }

    public long? Revoked { get; init; }

    /// <summary>The state at <paramref name="now"/> (Unix milliseconds): revoked and used win over expiry.</summary>
    public ActivationCodeState StateAt(long now)
        => Revoked is not null ? ActivationCodeState.Revoked
            : Used is not null ? ActivationCodeState.Used
            : Expires <= now ? ActivationCodeState.Expired
            : ActivationCodeState.Unused;
}
