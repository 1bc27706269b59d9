using Microsoft.AspNetCore.DataProtection;

namespace TR069Acs.Server.Security;

/// <summary>Encrypts secrets before they are stored (SIP and ACS passwords, Connection Request passwords, keys) with
/// ASP.NET Core Data Protection, whose keys live outside the database (<c>DATA/keys</c>, or
/// <see cref="AcsOptions.KeysDirectory"/> shared by the nodes). A stored secret is <c>dp1:</c> followed by the
/// protected payload, so a copy of the database alone reveals none of them.</summary>
public sealed class SecretProtector
{
    /// <summary>Marks a stored value as protected; anything else is legacy plaintext, migrated at start.</summary>
    public const string Prefix = "dp1:";

    private readonly IDataProtector _protector;

    /// <summary>Creates the protector of stored secrets from the host's Data Protection provider.</summary>
    public SecretProtector(IDataProtectionProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _protector = provider.CreateProtector("TR069Acs.StoredSecrets.v1");
    }

    /// <summary>The value to store for <paramref name="plaintext"/>; null and empty stay as they are (nothing to hide).</summary>
    public string? Protect(string? plaintext)
        => string.IsNullOrEmpty(plaintext) || IsProtected(plaintext) ? plaintext : Prefix + _protector.Protect(plaintext);

    /// <summary>The plaintext of a stored value; a value without the prefix (written before encryption existed) is returned as is.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The key that protected it is not in the key ring.</exception>
    public string? Unprotect(string? stored)
        => stored is not null && IsProtected(stored) ? _protector.Unprotect(stored[Prefix.Length..]) : stored;

    /// <summary>True when <paramref name="stored"/> is already protected.</summary>
    public static bool IsProtected(string? stored) => stored is not null && stored.StartsWith(Prefix, StringComparison.Ordinal);
}
