namespace TR069Acs.Server.Files;

/// <summary>Settings of firmware uploads, bound from <c>Acs:Firmware</c>.</summary>
public sealed class FirmwareOptions
{
    /// <summary>The public keys firmware images must be signed with (ECDSA P-256 or RSA 2048-4096, PEM
    /// <c>PUBLIC KEY</c> blocks): a path to a PEM file holding one or more keys, or the PEM text itself. Unset: images
    /// are stored signed or not. Set: an image without a signature, or whose signature no listed key verifies, is
    /// refused at upload, and so is a vendor load without our header.</summary>
    public string? TrustedKeys { get; set; }
}
