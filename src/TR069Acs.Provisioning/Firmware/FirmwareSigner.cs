using System.Security.Cryptography;

namespace TR069Acs.Provisioning.Firmware;

/// <summary>An ECDSA P-256 key that signs firmware images (SHA-256, IEEE P1363 signature of 64 bytes).</summary>
public sealed class FirmwareSigner : IDisposable
{
    private readonly ECDsa _key;

    private FirmwareSigner(ECDsa key)
    {
        if (key.KeySize != 256)
        {
            throw new ArgumentException("firmware signing keys are ECDSA P-256", nameof(key));
        }

        _key = key;
        KeyId = ComputeKeyId(key);
    }

    /// <summary>First 8 bytes of the SHA-256 of the public key (SubjectPublicKeyInfo), written into signed headers.</summary>
    public byte[] KeyId { get; }

    /// <summary>Generates a new P-256 key.</summary>
    public static FirmwareSigner Create() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Loads a private key from PEM (PKCS#8 or SEC1).</summary>
    public static FirmwareSigner FromPem(string pem)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return new FirmwareSigner(key);
    }

    /// <summary>The private key as PKCS#8 PEM.</summary>
    public string ExportPrivateKeyPem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>The public key as PEM, for the phones' <see cref="FirmwareReadOptions.VerificationKey"/>.</summary>
    public string ExportPublicKeyPem() => _key.ExportSubjectPublicKeyInfoPem();

    /// <summary>A verification key holding only the public half.</summary>
    public ECDsa CreateVerificationKey()
    {
        var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(_key.ExportSubjectPublicKeyInfo(), out _);
        return key;
    }

    internal byte[] Sign(ReadOnlySpan<byte> data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    internal static byte[] ComputeKeyId(ECDsa key) => SHA256.HashData(key.ExportSubjectPublicKeyInfo())[..8];

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
