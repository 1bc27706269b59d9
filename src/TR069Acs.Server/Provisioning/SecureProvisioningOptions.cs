namespace TR069Acs.Server.Provisioning;

/// <summary>Settings of secure two-stage provisioning (<c>Acs:SecureProvisioning:…</c>): how the <c>Profile_Rule</c> the
/// first stage hands out is spelled (<c>[--key $A] Scheme://PublicHost:Port/cfg/$B/FileName</c>). Who may fetch the first
/// stage is no setting: only the device (<see cref="SecureProfileGate"/>).</summary>
public sealed class SecureProvisioningOptions
{
    /// <summary>The HTTPS file server port of DESIGN §1, when <c>Acs:FilesTlsPort</c> names none (0: a free port, -1: off).</summary>
    public const int DefaultHttpsPort = 7568;

    /// <summary>Scheme of the second-stage URL: <c>https</c> (default), <c>http</c> or <c>tftp</c>.</summary>
    public string Scheme { get; set; } = "https";

    /// <summary>Port of the second-stage URL; null: for https the HTTPS file server's port (<c>Acs:FilesTlsPort</c>, 7568 by
    /// default — also when this ACS runs no HTTPS listener, so that a TLS front end can answer there), for http the file
    /// server's port, for tftp the TFTP port.</summary>
    public int? Port { get; set; }

    /// <summary>File name under the random directory, with the phone's macros: <c>$MA.cfg</c>; <c>$MA.cfg.gz</c> has the
    /// profile gzipped before it is encrypted.</summary>
    public string FileName { get; set; } = "$MA.cfg";
}
