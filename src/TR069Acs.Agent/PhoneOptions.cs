using TR069Acs.Cwmp;
using TR069Acs.Provisioning.Mapping;

namespace TR069Acs.Agent;

/// <summary>How to run one emulated phone or a fleet of them (<c>acs phone</c>).</summary>
/// <remarks>With <see cref="Count"/> &gt; 1 the MAC address and serial number are incremented per phone; every other
/// setting is shared. Values named after a data model parameter are that parameter's factory default: the ACS may
/// change them, and the change persists under <see cref="StateDirectory"/>.</remarks>
public sealed class PhoneOptions
{
    /// <summary>The ACS URL (factory value of <c>Device.ManagementServer.URL</c>). When it differs from the one the
    /// persisted state was provisioned with, the phone takes it and bootstraps again.</summary>
    public required Uri AcsUrl { get; set; }

    /// <summary>MAC address of the (first) phone: 12 hex digits, separators <c>:</c>/<c>-</c> allowed. Its first six
    /// digits are the OUI of the DeviceId.</summary>
    public string Mac { get; set; } = "0023EB000001";

    /// <summary>Serial number of the (first) phone. Default: <c>FCH</c> and the last eight hex digits of the MAC,
    /// so a fleet's serials follow its MACs. With a fleet, the trailing digits are incremented per phone.</summary>
    public string? Serial { get; set; }

    /// <summary>Model, reported as ProductClass and ModelName.</summary>
    public string Model { get; set; } = "CP-8841-3PCC";

    /// <summary>The root object the phones present their data model under: <c>Device.</c> (TR-106 Device:1, the
    /// default) or <c>InternetGatewayDevice.</c> (TR-098, as SPA phones do). Inform, GetParameterValues/Names/Attributes
    /// and SetParameterValues/Attributes all use it; the flat parameters are under its <c>X_CISCO_COM_FlatProfile.</c>.</summary>
    public Tr069Root DataModelRoot { get; set; } = Tr069Root.Device;

    /// <summary>Firmware version of a phone that has never been upgraded.</summary>
    public string SoftwareVersion { get; set; } = "sip88xx.12-0-1MPP0001-224";

    /// <summary>Hardware version reported in <c>Device.DeviceInfo.HardwareVersion</c>.</summary>
    public string HardwareVersion { get; set; } = "V03";

    /// <summary>The CWMP version (namespace) the phones inform in; they follow the ACS's answer afterwards.</summary>
    public CwmpVersion CwmpVersion { get; set; } = CwmpVersion.V1_2;

    /// <summary>Number of phones run by this process.</summary>
    public int Count { get; set; } = 1;

    /// <summary>Directory holding one JSON state file per phone; null keeps state in memory only.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>Address the connection-request listener binds (an IP address, <c>localhost</c> or <c>*</c>).</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Host written into ConnectionRequestURL; default: <see cref="ListenAddress"/> (or the loopback address
    /// when that is a wildcard).</summary>
    public string? ConnectionRequestHost { get; set; }

    /// <summary>Port of the connection-request listener shared by the whole fleet; 0 picks a free port.</summary>
    public int ConnectionRequestPort { get; set; }

    /// <summary>The documented lab pair's user name: the factory <c>ACS_Username</c> when neither the options nor the
    /// factory profile set one, equal to the ACS's default bootstrap user name. Production phones get their own.</summary>
    public const string LabAcsUsername = "cwmp-bootstrap";

    /// <summary>The documented lab pair's password (the ACS's default bootstrap password).</summary>
    public const string LabAcsPassword = "lab-bootstrap-not-for-production";

    /// <summary>Factory value of <c>ACS_Username</c> (<c>Device.ManagementServer.Username</c>), sent to the ACS when it
    /// challenges (<c>--acs-username</c>); null: the factory profile's, else <see cref="LabAcsUsername"/>. Credentials the
    /// ACS sets later are kept in the phone's state and win.</summary>
    public string? AcsUsername { get; set; }

    /// <summary>Factory value of <c>ACS_Password</c> (<c>--acs-password</c>); null: the profile's, else <see cref="LabAcsPassword"/>.</summary>
    public string? AcsPassword { get; set; }

    /// <summary>Send Basic credentials with every request instead of waiting for a challenge (some ACSs expect it).</summary>
    public bool SendBasicAuthUnasked { get; set; }

    /// <summary>Factory value of <c>Device.ManagementServer.ConnectionRequestUsername</c>; default: the serial.</summary>
    public string? ConnectionRequestUsername { get; set; }

    /// <summary>Factory value of <c>Device.ManagementServer.ConnectionRequestPassword</c>; null (default): a random one
    /// per phone until the ACS sets the device's own in its first session.</summary>
    public string? ConnectionRequestPassword { get; set; }

    /// <summary>Factory value of <c>Device.ManagementServer.PeriodicInformInterval</c>, in seconds.</summary>
    public int PeriodicInformInterval { get; set; } = 86400;

    /// <summary>Factory value of <c>Device.ManagementServer.PeriodicInformEnable</c>.</summary>
    public bool PeriodicInformEnable { get; set; } = true;

    /// <summary>Factory value of <c>Device.ManagementServer.CWMPRetryMinimumWaitInterval</c> (TR-069 3.2.1.1, m).</summary>
    public int RetryMinimumWaitSeconds { get; set; } = 5;

    /// <summary>Factory value of <c>Device.ManagementServer.CWMPRetryIntervalMultiplier</c> (TR-069 3.2.1.1, k, in
    /// thousandths).</summary>
    public int RetryIntervalMultiplier { get; set; } = 2000;

    /// <summary>How long a rebooting phone stays silent before it informs with <c>1 BOOT</c>.</summary>
    public TimeSpan RebootDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most CWMP sessions the fleet runs at once (and so most sockets to the ACS). 64 keeps a 2-core ACS
    /// saturated without queueing thousands of connections in its accept backlog.</summary>
    public int MaxConcurrentSessions { get; set; } = 64;

    /// <summary>Most file transfers (Download/Upload) the fleet runs at once.</summary>
    public int MaxConcurrentTransfers { get; set; } = 16;

    /// <summary>Phones booted per second when the fleet starts, so that a large fleet does not open all its first
    /// sessions in the same instant.</summary>
    public int BootsPerSecond { get; set; } = 500;

    /// <summary>Time allowed for one HTTP exchange with the ACS.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for one file transfer.</summary>
    public TimeSpan TransferTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Connection Requests a phone accepts in a burst before the rate limit applies (503 beyond).</summary>
    public int ConnectionRequestBurst { get; set; } = 5;

    /// <summary>One more Connection Request is allowed per this interval once the burst is spent.</summary>
    public TimeSpan ConnectionRequestInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a digest nonce issued by the connection-request listener stays valid.</summary>
    public TimeSpan ConnectionRequestNonceLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Session records kept per phone for inspection (<c>Phone.RecentSessions</c>).</summary>
    public int SessionHistory { get; set; } = 4;

    /// <summary>Port of the phone's web admin (<c>/admin/resync</c>, <c>/admin/cfg.xml</c> …); a fleet uses consecutive
    /// ports from this one. Null: no web admin.</summary>
    public int? AdminPort { get; set; }

    /// <summary>A flat profile (plain, gzip) applied as the phones' factory settings (<c>acs phone --config FILE</c>).
    /// The command-line ACS settings (<see cref="AcsUrl"/>, credentials, periodic inform) take precedence over it.</summary>
    public string? ConfigFile { get; set; }

    /// <summary>The NTP server DHCP option 42 would name: the factory <c>Primary_NTP_Server</c> unless the factory
    /// profile sets one (empty: none).</summary>
    public string NtpServer { get; set; } = "0.pool.ntp.org";

    /// <summary>The TFTP server DHCP option 66 would name (<c>host[:port]</c>): used by profile and upgrade rules that
    /// name no server.</summary>
    public string? TftpServer { get; set; }

    /// <summary>Multiplies every provisioning timer of the phone (resync, retry, random delays, forced resync, upgrade
    /// retry): 1 is real time, 0.01 runs a 3600 s resync period in 36 s. For tests and demonstrations.</summary>
    public double ProvisioningTimeScale { get; set; } = 1;

    /// <summary>Time allowed for one resync or upgrade download (each transport honours it).</summary>
    public TimeSpan ProvisioningTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>PEM client certificate presented to HTTPS servers that ask (<c>--client-cert</c>): resyncs, upgrades,
    /// transfers and CWMP over https. One certificate for the whole fleet (use a generic one for a fleet; see
    /// <see cref="Transfers.TlsClientSettings"/>).</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>PEM private key of <see cref="ClientCertificateFile"/> (<c>--client-key</c>); null when the certificate
    /// file holds the key.</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>PEM bundle of the CAs whose server certificates the phones accept (<c>--ca</c>), and no others; null: the
    /// operating system's trust store.</summary>
    public string? TrustedCaFile { get; set; }

    /// <summary>The keys firmware images must be signed with (<c>--firmware-keys</c>, PEM public keys, ECDSA P-256 or
    /// RSA); null: any image whole and for this model is installed, signed or not, as a phone without a vendor key
    /// would. Set: an unsigned image, or one no listed key verifies, is refused with 9018 (file corrupted).</summary>
    public Provisioning.Firmware.FirmwareTrust? FirmwareTrustedKeys { get; set; }
}
