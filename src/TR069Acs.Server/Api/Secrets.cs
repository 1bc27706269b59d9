namespace TR069Acs.Server.Api;

/// <summary>Values the API does not echo: passwords are needed on the wire, not in listings.</summary>
internal static class Secrets
{
    public const string Mask = "********";

    /// <summary>True for a parameter whose value is a secret (TR-069 names them …Password; reads return empty), or a flat
    /// parameter the catalogue marks sensitive (<c>X_CISCO_COM_FlatProfile.GPP_SA</c>).</summary>
    public static bool IsSecret(string name) => Security.StoredSecrets.IsSecretParameter(name, TR069Acs.Provisioning.Catalogue.ParameterCatalogue.Default);

    public static string? MaskIfSecret(string name, string? value) => IsSecret(name) && !string.IsNullOrEmpty(value) ? Mask : value;
}
