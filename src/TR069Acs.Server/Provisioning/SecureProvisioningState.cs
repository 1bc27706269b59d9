namespace TR069Acs.Server.Provisioning;

/// <summary>A row of <c>secure_provisioning</c>: secure provisioning is on for the device.</summary>
internal sealed class SecureProvisioningState
{
    public string DeviceId { get; init; } = "";

    /// <summary>The random directory the device's profile is served under (<c>/cfg/{Directory}/…</c>, the phone's <c>GPP_B</c>).</summary>
    public string Directory { get; init; } = "";

    /// <summary>The phone's <c>--key</c> (<c>GPP_A</c>). Never logged, never shown unless asked for.</summary>
    public string KeyText { get; set; } = "";

    /// <summary>1 when enabled, one more per rotation.</summary>
    public long Generation { get; init; }

    public long Created { get; init; }

    public long? Rotated { get; init; }

    public long? FirstStageServed { get; init; }

    public long? SecondStageServed { get; init; }

    /// <inheritdoc />
    /// <remarks>Without the key, so that a state logged by mistake leaks nothing.</remarks>
    public override string ToString() => $"secure provisioning of {DeviceId} (generation {Generation})";
}
