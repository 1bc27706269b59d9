using System.Security.Cryptography;

namespace TR069Acs.Server.Provisioning;

/// <summary>The random material of secure provisioning: the phone's <c>--key</c> and the directory its profile hides in.</summary>
internal static class SecureSecrets
{
    /// <summary>Random bytes of a key: 256 bits, written as 64 lower-case hex digits (the phone's <c>GPP_A</c>).</summary>
    public const int KeyBytes = 32;

    /// <summary>Random bytes of a directory name: 144 bits, 24 base64url characters (no padding, nothing to escape in a URL).</summary>
    public const int DirectoryBytes = 18;

    /// <summary>A new key: 64 hex digits from the system's cryptographic random source.</summary>
    public static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>A new directory name: base64url (RFC 4648 §5) of random bytes.</summary>
    public static string NewDirectory() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(DirectoryBytes)).Replace('+', '-').Replace('/', '_');

    /// <summary>Tells keys apart without revealing them: <c>sha256:</c> and the first 16 hex digits of the SHA-256 of the
    /// key's bytes (<c>printf %s KEY | xxd -r -p | sha256sum</c> reproduces it from a phone's GPP_A).</summary>
    public static string Fingerprint(string key)
    {
        var bytes = Convert.FromHexString(key);
        try
        {
            return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>True when <paramref name="text"/> could be a directory this class made (the file server checks before a lookup).</summary>
    public static bool LooksLikeDirectory(ReadOnlySpan<char> text)
    {
        if (text.Length != (DirectoryBytes / 3 * 4))
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }
        return true;
    }
}
