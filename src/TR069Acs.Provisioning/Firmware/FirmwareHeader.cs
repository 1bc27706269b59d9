namespace TR069Acs.Provisioning.Firmware;

/// <summary>The header of a firmware image.</summary>
/// <param name="FormatVersion">The image format version (1).</param>
/// <param name="Models">The phone models (product names) the image installs on.</param>
/// <param name="Version">The firmware version the phone reports after installing it (SoftwareVersion, <c>$SWVER</c>).</param>
/// <param name="PayloadLength">Bytes of payload after the header.</param>
/// <param name="PayloadSha256">SHA-256 of the payload.</param>
/// <param name="CreatedAt">When the image was packed.</param>
/// <param name="KeyId">First 8 bytes of the SHA-256 of the signer's public key, or null when unsigned.</param>
public sealed record FirmwareHeader(
    int FormatVersion,
    IReadOnlyList<string> Models,
    string Version,
    long PayloadLength,
    byte[] PayloadSha256,
    DateTimeOffset CreatedAt,
    byte[]? KeyId)
{
    /// <summary>True when the image carries a signature.</summary>
    public bool IsSigned => KeyId is not null;

    /// <summary>True when <paramref name="model"/> is listed (case-insensitive).</summary>
    public bool Supports(string model) => Models.Contains(model, StringComparer.OrdinalIgnoreCase);
}
