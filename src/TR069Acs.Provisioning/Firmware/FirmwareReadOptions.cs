using System.Security.Cryptography;

namespace TR069Acs.Provisioning.Firmware;

/// <summary>What <see cref="FirmwareImage.Read(Stream, FirmwareReadOptions?)"/> checks.</summary>
public sealed record FirmwareReadOptions
{
    /// <summary>The phone's model; the image must list it. Null skips the check.</summary>
    public string? Model { get; init; }

    /// <summary>The public key signatures must verify with; null leaves signed images <see cref="SignatureStatus.NotVerified"/>.</summary>
    public ECDsa? VerificationKey { get; init; }

    /// <summary>The keys signatures must verify with (ECDSA or RSA, chosen by the header's key id); takes the place of
    /// <see cref="VerificationKey"/>. A signed image no key verifies is refused.</summary>
    public FirmwareTrust? TrustedKeys { get; init; }

    /// <summary>Refuse unsigned images.</summary>
    public bool RequireSignature { get; init; }

    /// <summary>Largest payload accepted (default 512 MiB).</summary>
    public long MaxPayloadBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Keep the payload bytes in the result (off: only verify, as a phone "flashing" needs).</summary>
    public bool KeepPayload { get; init; }
}
