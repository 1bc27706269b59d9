using System.Diagnostics.CodeAnalysis;

namespace TR069Acs.Provisioning.Crypto;

/// <summary>
/// The transfer encodings of a profile, in the order the guides prescribe: compression precedes encryption, so a
/// download is decrypted (when the rule has <c>--key</c>), then gunzipped (when it starts with a gzip header), then
/// parsed by the caller. A failure at any step throws and nothing of the file may be applied.
/// </summary>
public static class ProfileCodec
{
    /// <summary>Decrypts and decompresses a downloaded profile.</summary>
    /// <param name="data">The file as downloaded.</param>
    /// <param name="key">The rule's <c>--key</c> after macro expansion, or null.</param>
    /// <param name="options">Limits and digest choice; defaults when null.</param>
    /// <exception cref="ProfileCodecException">Wrong key, missing key, key for a plain file, truncated or corrupt
    /// data, or a size limit; <see cref="ProfileCodecException.Error"/> says which.</exception>
    public static ProfileDecodeResult Decode(ReadOnlySpan<byte> data, string? key, ProfileCodecOptions? options = null)
    {
        options ??= ProfileCodecOptions.Default;
        if (data.Length > options.MaxFileBytes)
        {
            throw new ProfileCodecException(ProfileCodecError.TooLarge, $"the file is {data.Length} bytes, above the limit of {options.MaxFileBytes}");
        }

        var encrypted = OpensslEnc.IsEncrypted(data);
        byte[]? content = null;
        OpensslDigest? digest = null;
        if (key is not null)
        {
            if (!encrypted)
            {
                // A plain file where an encrypted one is expected may be a substitution on an open transport: refuse it.
                throw new ProfileCodecException(ProfileCodecError.NotEncrypted,
                    "the rule gives --key but the file is not encrypted (no 'Salted__' header)");
            }

            (content, digest) = DecryptAny(data, key, options.Digest);
        }
        else if (encrypted)
        {
            throw new ProfileCodecException(ProfileCodecError.KeyRequired, "the file is encrypted but the rule gives no --key");
        }

        var plain = content is null ? data : content;
        var compressed = GzipCodec.IsGzip(plain);
        var result = compressed ? GzipCodec.Decompress(plain, options.MaxDecompressedBytes) : content ?? plain.ToArray();
        return new ProfileDecodeResult(result, key is not null, compressed, digest);
    }

    /// <summary>Decodes without throwing.</summary>
    public static bool TryDecode(
        ReadOnlySpan<byte> data,
        string? key,
        [NotNullWhen(true)] out ProfileDecodeResult? result,
        [NotNullWhen(false)] out ProfileCodecException? error,
        ProfileCodecOptions? options = null)
    {
        try
        {
            result = Decode(data, key, options);
            error = null;
            return true;
        }
        catch (ProfileCodecException e)
        {
            result = null;
            error = e;
            return false;
        }
    }

    /// <summary>Produces a file for a phone: optionally gzip, then optionally encrypt (the server side, <c>acs profile</c>).</summary>
    public static byte[] Encode(ReadOnlySpan<byte> profile, string? key = null, bool gzip = false, OpensslDigest digest = OpensslDigest.Md5)
    {
        var body = gzip ? GzipCodec.Compress(profile) : profile.ToArray();
        return key is null ? body : OpensslEnc.Encrypt(body, key, digest);
    }

    private static (byte[] Content, OpensslDigest Digest) DecryptAny(ReadOnlySpan<byte> data, string key, OpensslDigest? only)
    {
        ReadOnlySpan<OpensslDigest> digests = only is OpensslDigest d ? [d] : [OpensslDigest.Md5, OpensslDigest.Sha256];
        ProfileCodecException? failure = null;
        foreach (var digest in digests)
        {
            if (!OpensslEnc.TryDecrypt(data, key, digest, out var plaintext, out var error, out var message))
            {
                failure ??= new ProfileCodecException(error, message);
                if (error != ProfileCodecError.WrongKey)
                {
                    throw failure;
                }

                continue;
            }

            // About 1 wrong key in 256 passes the padding check; real content is gzip or XML text.
            if (LooksLikeProfile(plaintext))
            {
                return (plaintext, digest);
            }

            failure = new ProfileCodecException(ProfileCodecError.WrongKey,
                "decryption produced neither gzip nor XML: the key is wrong or the file is damaged");
        }

        throw failure ?? new ProfileCodecException(ProfileCodecError.WrongKey, "decryption failed");
    }

    private static bool LooksLikeProfile(ReadOnlySpan<byte> plain)
    {
        if (GzipCodec.IsGzip(plain))
        {
            return true;
        }

        if (plain.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            plain = plain[3..];
        }

        // Text has no control bytes but tab, CR and LF: a wrong key that also passed the padding and the '<' checks
        // (about 1 in 65,000) still yields random bytes, which contain one within a few dozen bytes.
        foreach (var b in plain)
        {
            if ((b < 0x20 && b is not ((byte)'\t' or (byte)'\r' or (byte)'\n')) || b == 0x7F)
            {
                return false;
            }
        }

        foreach (var b in plain)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            return b == (byte)'<';
        }

        return plain.IsEmpty;
    }
}
