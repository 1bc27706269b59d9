using System.Security.Cryptography;

namespace TR069Acs.Provisioning.Firmware;

/// <summary>
/// The public keys firmware images must be signed with (an ACS's <c>Acs:Firmware:TrustedKeys</c>, a phone's
/// trusted keys): ECDSA P-256 and RSA 2048-4096, found by the key id a signed header names. With a trust set, an image
/// is accepted only when it is signed and one of these keys verifies it, as a phone accepts only loads signed by its
/// vendor.
/// </summary>
public sealed class FirmwareTrust : IDisposable
{
    private readonly List<(byte[] KeyId, AsymmetricAlgorithm Key)> _keys;

    private FirmwareTrust(List<(byte[], AsymmetricAlgorithm)> keys) => _keys = keys;

    /// <summary>How many keys are trusted.</summary>
    public int Count => _keys.Count;

    /// <summary>The key ids, in hex, for messages.</summary>
    public IEnumerable<string> KeyIds => _keys.Select(k => Convert.ToHexStringLower(k.KeyId));

    /// <summary>Reads every <c>PUBLIC KEY</c> block of <paramref name="pem"/> (other blocks, such as certificates, are
    /// skipped).</summary>
    /// <exception cref="FormatException">No public key, or one that is not ECDSA P-256 or RSA 2048-4096 (the message
    /// says which block).</exception>
    public static FirmwareTrust FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var keys = new List<(byte[], AsymmetricAlgorithm)>();
        // Bundles made by concatenating files without a final newline ("-----END PUBLIC KEY----------BEGIN …") are still read.
        var rest = pem.Replace("-----BEGIN", "\n-----BEGIN", StringComparison.Ordinal).AsMemory();
        var index = 0;
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            index++;
            var label = rest.Span[fields.Label];
            if (label.SequenceEqual("PUBLIC KEY"))
            {
                var der = Convert.FromBase64String(rest.Span[fields.Base64Data].ToString());
                keys.Add((ComputeKeyId(der), Import(der, index)));
            }
            else if (label.Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                throw new FormatException($"PEM block {index} is a private key; trusted keys are public keys (PUBLIC KEY): export the public half.");
            }
            rest = rest[fields.Location.End..];
        }
        if (keys.Count == 0)
        {
            throw new FormatException("no PEM public key (-----BEGIN PUBLIC KEY-----) found");
        }
        return new FirmwareTrust(keys);
    }

    /// <summary>Checks a header's signature.</summary>
    /// <returns>Null when a trusted key with <paramref name="keyId"/> verifies it; else why not.</returns>
    public string? Verify(FirmwareSignatureAlgorithm algorithm, ReadOnlySpan<byte> keyId, ReadOnlySpan<byte> signed, ReadOnlySpan<byte> signature)
    {
        foreach (var (id, key) in _keys)
        {
            if (!keyId.SequenceEqual(id))
            {
                continue;
            }
            var valid = (algorithm, key) switch
            {
                (FirmwareSignatureAlgorithm.EcdsaP256Sha256, ECDsa ec)
                    => ec.VerifyData(signed, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
                (FirmwareSignatureAlgorithm.RsaPkcs1Sha256, RSA rsa) => rsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
                _ => false,
            };
            return valid ? null : $"the signature does not verify with trusted key {Convert.ToHexStringLower(id)}";
        }
        return $"the image is signed by key {Convert.ToHexStringLower(keyId)}, which is not a trusted key (trusted: {string.Join(", ", KeyIds)})";
    }

    /// <summary>First 8 bytes of the SHA-256 of a SubjectPublicKeyInfo.</summary>
    public static byte[] ComputeKeyId(ReadOnlySpan<byte> subjectPublicKeyInfo) => SHA256.HashData(subjectPublicKeyInfo)[..8];

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (_, key) in _keys)
        {
            key.Dispose();
        }
    }

    private static AsymmetricAlgorithm Import(byte[] der, int index)
    {
        var ec = ECDsa.Create();
        try
        {
            ec.ImportSubjectPublicKeyInfo(der, out _);
            if (ec.KeySize != 256)
            {
                var bits = ec.KeySize;
                ec.Dispose();
                throw new FormatException($"PEM block {index} is an ECDSA key of {bits} bits; firmware keys are P-256");
            }
            return ec;
        }
        catch (CryptographicException)
        {
            ec.Dispose();
        }
        var rsa = RSA.Create();
        try
        {
            rsa.ImportSubjectPublicKeyInfo(der, out _);
        }
        catch (CryptographicException e)
        {
            rsa.Dispose();
            throw new FormatException($"PEM block {index} is neither an ECDSA nor an RSA public key: {e.Message}", e);
        }
        if (rsa.KeySize is < 2048 or > 4096)
        {
            var bits = rsa.KeySize;
            rsa.Dispose();
            throw new FormatException($"PEM block {index} is an RSA key of {bits} bits; firmware keys are 2048 to 4096 bits");
        }
        return rsa;
    }
}
