namespace TR069Acs.Provisioning.FlatProfiles;

/// <summary>Limits of <see cref="FlatProfileReader"/>; a profile past any of them is refused with its position.</summary>
public sealed record FlatProfileReaderOptions
{
    /// <summary>Largest document in characters (default 4 Mi: a full profile is a few hundred kilobytes).</summary>
    public long MaxCharacters { get; init; } = 4 * 1024 * 1024;

    /// <summary>Most parameter elements (default 20,000).</summary>
    public int MaxEntries { get; init; } = 20_000;

    /// <summary>Longest single value in characters (default 64 Ki).</summary>
    public int MaxValueLength { get; init; } = 64 * 1024;

    /// <summary>The defaults.</summary>
    public static FlatProfileReaderOptions Default { get; } = new();
}
