namespace TR069Acs.Server.Files;

/// <summary>What an upload says about an image instead of (or in the absence of) its header:
/// <c>POST /api/firmware?models=A,B&amp;version=V</c>. A member left null keeps the header's value.</summary>
/// <param name="Models">The models the image installs on.</param>
/// <param name="Version">The SoftwareVersion the phone reports after installing it.</param>
internal sealed record FirmwareMetadata(IReadOnlyList<string>? Models, string? Version)
{
    /// <summary>True when both are given: enough to store a vendor image whose header the ACS cannot read.</summary>
    public bool IsComplete => Models is { Count: > 0 } && !string.IsNullOrEmpty(Version);
}
