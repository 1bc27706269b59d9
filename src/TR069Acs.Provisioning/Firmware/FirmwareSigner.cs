using System.Security.Cryptography;

namespace TR069Acs.Provisioning.Firmware;

/// <summary>A key that signs firmware images: ECDSA P-256 (SHA-256, IEEE P1363 signature of 64 bytes) or RSA of
/// 2048 to 4096 bits (SHA-256, PKCS#1 v1.5, the scheme of vendors' signed loads).</summary>
public sealed class FirmwareSigner : IDisposable
{
    private readonly AsymmetricAlgorithm _key;

    private FirmwareSigner(AsymmetricAlgorithm key)
    {
        switch (key)
        {
            case ECDsa { KeySize: 256 }:
                Algorithm = FirmwareSignatureAlgorithm.EcdsaP256Sha256;
                break;
            case RSA { KeySize: >= 2048 and <= 4096 }:
                Algorithm = FirmwareSignatureAlgorithm.RsaPkcs1Sha256;
                break;
            default:
                throw new ArgumentException("firmware signing keys are ECDSA P-256 or RSA of 2048 to 4096 bits", nameof(key));
        }
        _key = key;
        KeyId = FirmwareTrust.ComputeKeyId(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>First 8 bytes of the SHA-256 of the public key (SubjectPublicKeyInfo), written into signed headers.</summary>
    public byte[] KeyId { get; }

    /// <summary>The signature scheme of the key.</summary>
    public FirmwareSignatureAlgorithm Algorithm { get; }

    /// <summary>Bytes of a signature made by this key.</summary>
    public int SignatureSize => _key is RSA rsa ? rsa.KeySize / 8 : 64;

    /// <summary>Generates a new P-256 key.</summary>
    public static FirmwareSigner Create() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Generates a new RSA key of <paramref name="bits"/>.</summary>
    public static FirmwareSigner CreateRsa(int bits = 2048) => new(RSA.Create(bits));

    /// <summary>Loads a private key from PEM: ECDSA P-256 (PKCS#8 or SEC1 <c>EC PRIVATE KEY</c>) or RSA (PKCS#8 or
    /// <c>RSA PRIVATE KEY</c>).</summary>
    /// <exception cref="ArgumentException">No private key of a supported kind in the text.</exception>
    public static FirmwareSigner FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            // ImportFromPem would take a public key too, and signing would fail only later.
            throw new ArgumentException("the PEM holds no private key (-----BEGIN PRIVATE KEY----- or EC/RSA PRIVATE KEY); signing needs the private half", nameof(pem));
        }
        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return new FirmwareSigner(ec);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            ec.Dispose();
        }
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return new FirmwareSigner(rsa);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            rsa.Dispose();
            throw new ArgumentException($"not a PEM private key of ECDSA P-256 or RSA 2048-4096: {e.Message}", nameof(pem), e);
        }
    }

    /// <summary>The private key as PKCS#8 PEM.</summary>
    public string ExportPrivateKeyPem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>The public key as PEM (<c>PUBLIC KEY</c>), for <c>Acs:Firmware:TrustedKeys</c> and the phones.</summary>
    public string ExportPublicKeyPem() => _key.ExportSubjectPublicKeyInfoPem();

    /// <summary>A verification key holding only the public half (ECDSA keys only).</summary>
    public ECDsa CreateVerificationKey()
    {
        var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(_key.ExportSubjectPublicKeyInfo(), out _);
        return key;
    }

    internal byte[] Sign(ReadOnlySpan<byte> data) => _key switch
    {
        RSA rsa => rsa.SignData(data.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        _ => ((ECDsa)_key).SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
    };

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
