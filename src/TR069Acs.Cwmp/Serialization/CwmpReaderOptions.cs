namespace TR069Acs.Cwmp;

/// <summary>Limits applied while reading an envelope. Anything beyond them is refused, never buffered.</summary>
public sealed record CwmpReaderOptions
{
    /// <summary>The default: 1 MiB bodies, 64 levels, 200,000 elements.</summary>
    public static readonly CwmpReaderOptions Default = new();

    /// <summary>Largest body accepted, in bytes. 1 MiB holds a GetParameterValuesResponse of ~8,000 parameters.</summary>
    public int MaxBodyBytes { get; init; } = 1 << 20;

    /// <summary>Deepest element nesting accepted. Real envelopes nest about 8 deep.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most elements accepted in one envelope.</summary>
    public int MaxElements { get; init; } = 200_000;
}
