using System.Security.Cryptography;
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

    /// <summary>The directory of the key ring, named in errors (null: not known to this instance).</summary>
    public string? KeysDirectory { get; init; }

    /// <summary>The plaintext of a stored value; a value without the prefix (written before encryption existed) is returned as is.</summary>
    /// <exception cref="SecretKeyRingException">The key that protected it is not in the key ring, or the value is damaged.</exception>
    public string? Unprotect(string? stored)
    {
        if (stored is null || !IsProtected(stored))
        {
            return stored;
        }
        try
        {
            return _protector.Unprotect(stored[Prefix.Length..]);
        }
        catch (CryptographicException ex)
        {
            throw new SecretKeyRingException(
                $"A secret stored in the database cannot be decrypted with the key ring in {KeysDirectory ?? "Acs:KeysDirectory (default DATA/keys)"}: "
                + "the key that encrypted it is missing (the keys directory was lost, not restored together with the database, "
                + "or not shared with this node) or the stored value is damaged. Restore the keys directory backed up with this "
                + "database, or point Acs:KeysDirectory at the directory the other nodes use.", ex);
        }
    }

    /// <summary>True when <paramref name="stored"/> is already protected.</summary>
    public static bool IsProtected(string? stored) => stored is not null && stored.StartsWith(Prefix, StringComparison.Ordinal);
}
