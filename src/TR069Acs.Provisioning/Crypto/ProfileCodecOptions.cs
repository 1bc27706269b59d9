namespace TR069Acs.Provisioning.Crypto;

/// <summary>Limits and choices of <see cref="ProfileCodec"/>.</summary>
public sealed record ProfileCodecOptions
{
    /// <summary>Largest downloaded file accepted (default 16 MiB).</summary>
    public int MaxFileBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Largest decompressed profile accepted (default 16 MiB).</summary>
    public int MaxDecompressedBytes { get; init; } = GzipCodec.DefaultMaxDecompressedBytes;

    /// <summary>The key derivation digest, or null to try MD5 (the phones' choice) and then SHA-256.</summary>
    public OpensslDigest? Digest { get; init; }

    /// <summary>The defaults.</summary>
    public static ProfileCodecOptions Default { get; } = new();
}
