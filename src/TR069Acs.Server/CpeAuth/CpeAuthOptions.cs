namespace TR069Acs.Server.CpeAuth;

/// <summary>How phones prove who they are on the CWMP listeners (<c>Acs:CpeAuth:…</c>; TR-069 §3.4.4, DESIGN §4a).</summary>
public sealed class CpeAuthOptions
{
    /// <summary>The user name of the documented lab bootstrap pair, the agent's factory <c>ACS_Username</c>. An install that
    /// keeps it gets a warning at every start: production sets its own.</summary>
    public const string LabBootstrapUsername = "cwmp-bootstrap";

    /// <summary>The password of the documented lab bootstrap pair, the agent's factory <c>ACS_Password</c>.</summary>
    public const string LabBootstrapPassword = "lab-bootstrap-not-for-production";

    /// <summary><c>Credentials</c> (default): Digest, or Basic over HTTPS only, with the device's own credentials.
    /// <c>Certificate</c>: CWMP over HTTPS with a client certificate naming the device. <c>Off</c>: anyone (lab only).</summary>
    public CpeAuthMode Mode { get; set; } = CpeAuthMode.Credentials;

    /// <summary>Which device the ACS has never seen may open a session: <c>Bootstrap</c> (default), <c>PreRegistered</c>, <c>Open</c>.</summary>
    public CpeAdmission Admission { get; set; } = CpeAdmission.Bootstrap;

    /// <summary>The install's bootstrap user name, presented by phones from the factory profile; it never opens a bound device.</summary>
    public string BootstrapUsername { get; set; } = LabBootstrapUsername;

    /// <summary>The install's bootstrap password (default: the documented lab value, with a warning at start).</summary>
    public string BootstrapPassword { get; set; } = LabBootstrapPassword;

    /// <summary>How long after a successful factory reset (an ACS-issued FactoryReset the phone answered, or
    /// <c>POST /api/devices/{id}/cwmp-credentials/readmit</c> for a phone reset by hand) the device may come back ONCE with
    /// the install's bootstrap credential on an Inform carrying <c>0 BOOTSTRAP</c> (<c>Acs:CpeAuth:ReadmitWindow</c>, e.g.
    /// <c>01:00:00</c>; zero: never). A reset phone forgets its own credentials and holds only the factory pair, which
    /// never opens a bound device otherwise; without this window it would be locked out and its configuration could not
    /// be brought back. An hour covers a reset, a reboot and a slow DHCP, and keeps the time the shared credential can
    /// claim the device short; the first use closes it and the phone is bound to fresh credentials.</summary>
    public TimeSpan ReadmitWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The Digest realm.</summary>
    public string Realm { get; set; } = "TR069Acs";

    /// <summary>How long a Digest nonce is honoured; afterwards the CPE is told <c>stale=true</c> and answers the new one
    /// without a new password prompt (RFC 7616 §3.3). Five minutes covers a session and a few reconnects.</summary>
    public int NonceLifetimeSeconds { get; set; } = 300;

    /// <summary>Failures from one address (an IPv6 /64) within <see cref="FailureWindowSeconds"/> after which every further
    /// answer to it is delayed by <see cref="SlowDownMilliseconds"/>.</summary>
    public int SlowDownAfterFailures { get; set; } = 5;

    /// <summary>The delay of an answer to an address that keeps failing.</summary>
    public int SlowDownMilliseconds { get; set; } = 1000;

    /// <summary>Failures within the window after which the address is refused (429) for <see cref="LockoutSeconds"/>.</summary>
    public int LockoutAfterFailures { get; set; } = 20;

    /// <summary>How long an address that failed too often is refused.</summary>
    public int LockoutSeconds { get; set; } = 300;

    /// <summary>The window failures are counted in.</summary>
    public int FailureWindowSeconds { get; set; } = 60;
}

/// <summary>Values of <see cref="CpeAuthOptions.Mode"/>.</summary>
public enum CpeAuthMode
{
    /// <summary>Digest (or Basic over HTTPS) with the device's own credentials.</summary>
    Credentials,

    /// <summary>A verified TLS client certificate that names the device of the Inform.</summary>
    Certificate,

    /// <summary>Lab mode: every CPE is believed. Logged as a warning at every start.</summary>
    Off,
}

/// <summary>Values of <see cref="CpeAuthOptions.Admission"/>.</summary>
public enum CpeAdmission
{
    /// <summary>An unknown device presenting the install's bootstrap credential is admitted and bound.</summary>
    Bootstrap,

    /// <summary>Only devices pre-registered through <c>POST /api/devices</c>, with their pre-registration credentials.</summary>
    PreRegistered,

    /// <summary>Any unknown device is admitted without credentials and bound in its first session.</summary>
    Open,
}
