using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Server.Configuration;

namespace TR069Acs.Server.Security;

/// <summary>Which stored values are secrets, and their protection on the way into and out of the database.</summary>
/// <remarks>A configuration setting is a secret when the catalogue marks its flat parameter <c>sensitive</c>
/// (<c>Password_n_</c>, <c>ACS_Password</c>, <c>Connection_Request_Password</c>, <c>GPP_SA</c>…) or it is
/// <see cref="ReservedKeys.EncryptionKey"/>. A stored TR-069 parameter is a secret when its last segment is such a flat
/// name (<c>X_CISCO_COM_FlatProfile.GPP_SA</c>) or ends in <c>Password</c> (TR-069 names every password so:
/// <c>SIP.AuthPassword</c>, <c>ManagementServer.ConnectionRequestPassword</c>). Only the values of secret names are
/// encrypted or decrypted, so an ordinary value that happens to start with <see cref="SecretProtector.Prefix"/> is
/// never mistaken for one.</remarks>
internal sealed class StoredSecrets(SecretProtector protector, ParameterCatalogue catalogue)
{
    /// <summary>The protector behind this class, for values that are secrets whatever their name (keys, task bodies).</summary>
    public SecretProtector Protector => protector;

    /// <summary>True when the configuration setting <paramref name="name"/> (a flat name or a reserved key) holds a secret.</summary>
    public bool IsSecretSetting(string name)
        => name == ReservedKeys.EncryptionKey || (catalogue.TryGetDefinition(name, out var definition) && definition.IsSensitive);

    /// <summary>True when the stored parameter <paramref name="name"/> (a TR-069 path or a flat name) holds a secret.</summary>
    public bool IsSecretParameter(string name) => IsSecretParameter(name, catalogue);

    /// <summary>True when the parameter <paramref name="name"/> holds a secret by the rule above, with <paramref name="catalogue"/>.</summary>
    public static bool IsSecretParameter(string name, ParameterCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(catalogue);
        var dot = name.LastIndexOf('.');
        var last = dot < 0 ? name : name[(dot + 1)..];
        return last.Length > 0
            && (last.EndsWith("Password", StringComparison.Ordinal) || (catalogue.TryGetDefinition(last, out var definition) && definition.IsSensitive));
    }

    /// <summary>The value to store for setting <paramref name="name"/>.</summary>
    public string? ProtectSetting(string name, string? value) => IsSecretSetting(name) ? protector.Protect(value) : value;

    /// <summary>The plaintext of setting <paramref name="name"/>'s stored value.</summary>
    public string? UnprotectSetting(string name, string? stored) => IsSecretSetting(name) ? protector.Unprotect(stored) : stored;

    /// <summary>The value to store for parameter <paramref name="name"/>.</summary>
    public string? ProtectParameter(string name, string? value) => IsSecretParameter(name) ? protector.Protect(value) : value;

    /// <summary>The plaintext of parameter <paramref name="name"/>'s stored value.</summary>
    public string? UnprotectParameter(string name, string? stored) => IsSecretParameter(name) ? protector.Unprotect(stored) : stored;
}
