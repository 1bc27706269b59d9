using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace TR069Acs.Provisioning.Crypto;

/// <summary>
/// AES-256-CBC in the file format of <c>openssl enc -aes-256-cbc -k KEY</c>: the 8 bytes <c>Salted__</c>, an
/// 8-byte random salt, then the PKCS#7-padded ciphertext; key and IV derive from the password and salt with
/// EVP_BytesToKey (MD5 as the phones and the guides' command use, or SHA-256 as OpenSSL 1.1+ does by default).
/// </summary>
public static class OpensslEnc
{
    /// <summary>The magic that starts every salted <c>openssl enc</c> file.</summary>
    public static ReadOnlySpan<byte> Magic => "Salted__"u8;

    /// <summary>Bytes before the ciphertext: magic and salt.</summary>
    public const int HeaderSize = 16;

    private const int BlockSize = 16;

    /// <summary>True when <paramref name="data"/> starts with <c>Salted__</c>.</summary>
    public static bool IsEncrypted(ReadOnlySpan<byte> data) => data.StartsWith(Magic);

    /// <summary>Encrypts as <c>openssl enc -aes-256-cbc -md md5|sha256 -k <paramref name="password"/></c> does.</summary>
    /// <param name="plaintext">The file to encrypt (gzip it first when it should be compressed too).</param>
    /// <param name="password">The key text given to <c>--key</c>.</param>
    /// <param name="digest">The key derivation digest; MD5 is what the phones expect.</param>
    /// <param name="salt">8 bytes of salt for reproducible output (tests); random when null.</param>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, string password, OpensslDigest digest = OpensslDigest.Md5, byte[]? salt = null)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (salt is not null && salt.Length != 8)
        {
            throw new ArgumentException("the salt must be 8 bytes", nameof(salt));
        }

        Span<byte> key = stackalloc byte[EvpBytesToKey.KeySize];
        Span<byte> iv = stackalloc byte[EvpBytesToKey.IvSize];
        var output = new byte[HeaderSize + (plaintext.Length / BlockSize + 1) * BlockSize];
        Magic.CopyTo(output);
        var saltSpan = output.AsSpan(8, 8);
        if (salt is null)
        {
            RandomNumberGenerator.Fill(saltSpan);
        }
        else
        {
            salt.CopyTo(saltSpan);
        }

        EvpBytesToKey.Derive(password, saltSpan, digest, key, iv);
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        var written = aes.EncryptCbc(plaintext, iv, output.AsSpan(HeaderSize), PaddingMode.PKCS7);
        CryptographicOperations.ZeroMemory(key);
        return written + HeaderSize == output.Length ? output : output[..(HeaderSize + written)];
    }

    /// <summary>Decrypts an <c>openssl enc</c> file; <see cref="ProfileCodecException"/> on a wrong key or bad data.</summary>
    public static byte[] Decrypt(ReadOnlySpan<byte> data, string password, OpensslDigest digest = OpensslDigest.Md5) =>
        TryDecrypt(data, password, digest, out var plaintext, out var error, out var message)
            ? plaintext
            : throw new ProfileCodecException(error, message);

    /// <summary>Decrypts an <c>openssl enc</c> file without throwing.</summary>
    /// <returns>False with <see cref="ProfileCodecError.NotEncrypted"/>, <see cref="ProfileCodecError.Truncated"/>
    /// or <see cref="ProfileCodecError.WrongKey"/> (the PKCS#7 padding did not check out).</returns>
    public static bool TryDecrypt(
        ReadOnlySpan<byte> data,
        string password,
        OpensslDigest digest,
        [NotNullWhen(true)] out byte[]? plaintext,
        out ProfileCodecError error,
        [NotNullWhen(false)] out string? message)
    {
        ArgumentNullException.ThrowIfNull(password);
        plaintext = null;
        error = default;
        if (!IsEncrypted(data))
        {
            error = ProfileCodecError.NotEncrypted;
            message = "the file is not in the openssl enc format (no 'Salted__' header)";
            return false;
        }

        var ciphertext = data.Length > HeaderSize ? data[HeaderSize..] : [];
        if (ciphertext.Length < BlockSize || ciphertext.Length % BlockSize != 0)
        {
            error = ProfileCodecError.Truncated;
            message = $"the encrypted file is truncated ({ciphertext.Length} bytes of ciphertext, not a whole number of 16-byte AES blocks)";
            return false;
        }

        Span<byte> key = stackalloc byte[EvpBytesToKey.KeySize];
        Span<byte> iv = stackalloc byte[EvpBytesToKey.IvSize];
        EvpBytesToKey.Derive(password, data.Slice(8, 8), digest, key, iv);
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        CryptographicOperations.ZeroMemory(key);
        var buffer = new byte[ciphertext.Length];
        try
        {
            var written = aes.DecryptCbc(ciphertext, iv, buffer, PaddingMode.PKCS7);
            plaintext = written == buffer.Length ? buffer : buffer[..written];
            message = null;
            return true;
        }
        catch (CryptographicException)
        {
            // PKCS#7: a wrong key leaves random last-block bytes, which fail the padding check (about 255 in 256 times).
            CryptographicOperations.ZeroMemory(buffer);
            error = ProfileCodecError.WrongKey;
            message = "decryption failed (bad padding): the key is wrong or the file is damaged";
            return false;
        }
    }
}
