namespace TR069Acs.Server.Provisioning;

/// <summary>Settings of the file server's profiles (<c>Acs:Provisioning:…</c>).</summary>
public sealed class ProvisioningOptions
{
    /// <summary>Issue 16 §3: secrets over a channel that has not proved the device; <see cref="UnverifiedSecretsMode.Omit"/>
    /// by default. Over HTTPS with the device's verified client certificate the profile is always complete.</summary>
    public UnverifiedSecretsMode UnverifiedSecrets { get; set; } = UnverifiedSecretsMode.Omit;
}
