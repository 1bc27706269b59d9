using TR069Acs.Provisioning.Firmware;

namespace TR069Acs.Provisioning.Tests.Firmware;

/// <summary>Trusted firmware keys (<c>Acs:Firmware:TrustedKeys</c>, the phone's <c>--firmware-keys</c>): ECDSA and RSA
/// public keys in one PEM bundle, each image verified with the key its header names.</summary>
public class FirmwareTrustTests
{
    private static readonly byte[] Payload = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 13)).ToArray();

    [Fact]
    public void Images_signed_by_any_key_of_the_bundle_verify_and_others_are_refused_with_the_reason()
    {
        using var rsa = FirmwareSigner.CreateRsa(3072);
        using var ecdsa = FirmwareSigner.Create();
        using var stranger = FirmwareSigner.CreateRsa();
        using var trust = FirmwareTrust.FromPem("comment lines are ignored\n" + rsa.ExportPublicKeyPem() + "\n" + ecdsa.ExportPublicKeyPem());
        var options = new FirmwareReadOptions { TrustedKeys = trust, RequireSignature = true };
        Assert.Equal(2, trust.Count);

        var byRsa = FirmwareImage.Pack(["CP-8841-3PCC"], "12.0.1", Payload, rsa);
        Assert.Equal(SignatureStatus.Valid, FirmwareImage.Read(byRsa, options).Signature);
        Assert.Equal(SignatureStatus.Valid, FirmwareImage.Read(FirmwareImage.Pack(["CP-8841-3PCC"], "12.0.1", Payload, ecdsa), options).Signature);

        var foreign = Assert.Throws<FirmwareImageException>(() => FirmwareImage.Read(FirmwareImage.Pack(["CP-8841-3PCC"], "12.0.1", Payload, stranger), options));
        Assert.Equal(FirmwareErrorKind.BadSignature, foreign.Kind);
        Assert.Contains(Convert.ToHexStringLower(stranger.KeyId), foreign.Message, StringComparison.Ordinal);
        Assert.Contains("not a trusted key", foreign.Message, StringComparison.Ordinal);

        var unsigned = Assert.Throws<FirmwareImageException>(() => FirmwareImage.Read(FirmwareImage.Pack(["CP-8841-3PCC"], "12.0.1", Payload), options));
        Assert.Equal(FirmwareErrorKind.Unsigned, unsigned.Kind);

        // A changed payload byte breaks the payload hash, which the signature covers through the header.
        var damaged = (byte[])byRsa.Clone();
        damaged[^1] ^= 1;
        Assert.Equal(FirmwareErrorKind.Corrupt, Assert.Throws<FirmwareImageException>(() => FirmwareImage.Read(damaged, options)).Kind);
    }

    [Fact]
    public void A_private_key_a_weak_key_or_no_key_is_refused_naming_the_problem()
    {
        using var signer = FirmwareSigner.Create();
        Assert.Contains("private key", Assert.Throws<FormatException>(() => FirmwareTrust.FromPem(signer.ExportPrivateKeyPem())).Message, StringComparison.Ordinal);
        Assert.Contains("no PEM public key", Assert.Throws<FormatException>(() => FirmwareTrust.FromPem("not a key")).Message, StringComparison.Ordinal);
        using var weak = System.Security.Cryptography.RSA.Create(1024);
        Assert.Contains("1024 bits", Assert.Throws<FormatException>(() => FirmwareTrust.FromPem(weak.ExportSubjectPublicKeyInfoPem())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_rsa_signing_key_round_trips_through_pem()
    {
        using var signer = FirmwareSigner.CreateRsa();
        using var loaded = FirmwareSigner.FromPem(signer.ExportPrivateKeyPem());
        Assert.Equal(FirmwareSignatureAlgorithm.RsaPkcs1Sha256, loaded.Algorithm);
        Assert.Equal(signer.KeyId, loaded.KeyId);
        using var trust = FirmwareTrust.FromPem(signer.ExportPublicKeyPem());
        var image = FirmwareImage.Pack(["CP-8841-3PCC"], "12.0.1", Payload, loaded);
        Assert.Equal(SignatureStatus.Valid, FirmwareImage.Read(image, new FirmwareReadOptions { TrustedKeys = trust }).Signature);
    }
}
