using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace TR069Acs.Server.Operators;

/// <summary>Passwords and bearer tokens: generation, hashing and verification.</summary>
internal static class OperatorSecrets
{
    /// <summary>Bearer tokens start with this, so a leaked one is recognisable in a log or a repository scan.</summary>
    public const string TokenPrefix = "acs_";

    public const int MinPasswordLength = 12;

    // ASP.NET Core Identity v3 format: PBKDF2-HMAC-SHA512, 128-bit salt, 100,000 iterations; the hash names its
    // parameters, so a future raise of the iteration count still verifies old hashes (and asks for a rehash).
    private static readonly PasswordHasher<string> _hasher = new();

    /// <summary>A random password of 144 bits (24 URL-safe characters) for the initial admin and resets.</summary>
    public static string NewPassword() => Base64Url(RandomNumberGenerator.GetBytes(18));

    /// <summary>A new bearer token: 256 random bits.</summary>
    public static string NewToken() => TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>A public token id (64 random bits, hex) that names a token in listings, revocation and the audit trail.</summary>
    public static string NewTokenId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>The stored form of a token: hex SHA-256. A 256-bit random token needs no salt or stretching.</summary>
    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string HashPassword(string user, string password) => _hasher.HashPassword(user, password);

    public static bool VerifyPassword(string user, string hash, string password)
        => _hasher.VerifyHashedPassword(user, hash, password) is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
