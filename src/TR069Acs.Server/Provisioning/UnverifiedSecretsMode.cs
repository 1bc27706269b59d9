namespace TR069Acs.Server.Provisioning;

/// <summary>What a profile carries of its secrets (the catalogue's <c>sensitive</c> parameters: SIP, ACS and web
/// passwords, the <c>GPP_S*</c> key registers) over a channel that has not proved the device: plain HTTP, TFTP, and HTTPS
/// without a verified device certificate (<c>Acs:Provisioning:UnverifiedSecrets</c>).</summary>
public enum UnverifiedSecretsMode
{
    /// <summary>Default: the profile is served without them; the phone keeps the values it has.</summary>
    Omit,

    /// <summary>The profile keeps them when it is encrypted with a key only that device holds: its secure provisioning
    /// key (the second stage under its directory), or an encryption key set at the device's own scope (given to the phone
    /// earlier over an authenticated channel). Without such a key they are omitted as with <see cref="Omit"/>.</summary>
    EncryptPerDevice,
}
