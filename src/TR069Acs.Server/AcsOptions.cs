namespace TR069Acs.Server;

/// <summary>Settings of the ACS, bound from the configuration section <c>Acs</c>
/// (appsettings.json, environment variables <c>ACS__CwmpPort</c>, command line <c>--Acs:CwmpPort 8547</c>).</summary>
public sealed class AcsOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Acs";

    /// <summary>Layered configuration and its reconciliation with the phones (<c>Acs:Config:*</c>).</summary>
    public Configuration.ConfigOptions Config { get; set; } = new();

    /// <summary>Directory for the SQLite database (<c>acs.db</c>) and stored files.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Database: null for SQLite in <see cref="DataDirectory"/>, <c>sqlite:&lt;connection string&gt;</c>, or
    /// <c>postgres:&lt;Npgsql connection string&gt;</c> (also <c>postgresql:</c>) for a database several nodes share.</summary>
    public string? Database { get; set; }

    /// <summary>Directory of the Data Protection key ring that encrypts stored secrets; empty: <c>DATA/keys</c>. Nodes
    /// sharing one database must share this directory (or a copy of it).</summary>
    public string? KeysDirectory { get; set; }

    /// <summary>Address both listeners bind: <c>*</c> for every interface, or an IP such as <c>127.0.0.1</c>.</summary>
    public string ListenAddress { get; set; } = "*";

    /// <summary>CWMP port (CPE sessions); 0 picks a free port.</summary>
    public int CwmpPort { get; set; } = 7547;

    /// <summary>Path of the CWMP endpoint, e.g. <c>/</c> or <c>/cwmp</c>.</summary>
    public string CwmpPath { get; set; } = "/";

    /// <summary>Operator API port (plain HTTP); 0 picks a free port; -1 turns it off when <see cref="ApiTlsPort"/> serves the API over HTTPS.</summary>
    public int ApiPort { get; set; } = 7557;

    /// <summary>File server port (HTTP: <c>/cfg/…</c> profiles, <c>/firmware/…</c> images); 0 picks a free port; -1 turns plain
    /// HTTP off so that, with <see cref="ClientCa"/>, profiles are reachable only with a verified client certificate.</summary>
    public int FilesPort { get; set; } = 7567;

    /// <summary>TFTP port for the same profiles (in-house preprovisioning); 69 when configured, 0 picks a free port,
    /// -1 turns TFTP off. Default 6969 so the ACS runs unprivileged (DESIGN §1).</summary>
    public int TftpPort { get; set; } = 6969;

    /// <summary>Largest firmware image <c>POST /api/firmware</c> accepts.</summary>
    public long MaxFirmwareBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Largest CWMP request body accepted; larger bodies get 413.</summary>
    public int MaxBodyBytes { get; set; } = 1 << 20;

    /// <summary>A CWMP session with no message for this long is dropped and its outstanding task put back.</summary>
    public int SessionTimeoutSeconds { get; set; } = 30;

    /// <summary>Bounds of a CWMP session (<c>Acs:Sessions:MaxLifetime</c>, <c>:MaxRequests</c>).</summary>
    public Sessions.SessionOptions Sessions { get; set; } = new();

    /// <summary>How many times a task is sent before a broken session makes it a fault.</summary>
    public int TaskMaxAttempts { get; set; } = 3;

    /// <summary>Lifetime of a task that names no <c>expiresInSeconds</c>: 7 days.</summary>
    public int TaskDefaultExpirySeconds { get; set; } = 7 * 24 * 3600;

    /// <summary>Timeout of one Connection Request (TR-069 3.2.2: the CPE answers at once).</summary>
    public int ConnectionRequestTimeoutSeconds { get; set; } = 5;

    /// <summary>Connection Request user name when the ACS has set none for the device; empty means the device's serial number.</summary>
    public string ConnectionRequestUsername { get; set; } = "";

    /// <summary>Connection Request password for a device the ACS has set none on yet. Empty (default): none. Every device
    /// gets its own random one in its first session (<see cref="CpeAuth"/>), so no shared secret is needed.</summary>
    public string ConnectionRequestPassword { get; set; } = "";

    /// <summary>Where Connection Requests may go (<c>Acs:ConnectionRequests:AllowedRanges</c>, <c>:AllowLoopback</c>).</summary>
    public ConnectionRequests.ConnectionRequestOptions ConnectionRequests { get; set; } = new();

    /// <summary>How phones authenticate on CWMP (<c>Acs:CpeAuth:Mode</c>, <c>:Admission</c>, <c>:BootstrapUsername</c> …).</summary>
    public CpeAuth.CpeAuthOptions CpeAuth { get; set; } = new();

    /// <summary>Longest <c>wait=S</c> an API call may ask for.</summary>
    public int MaxTaskWaitSeconds { get; set; } = 120;

    /// <summary>Most Inform records committed in one write-behind transaction.</summary>
    public int TelemetryBatchSize { get; set; } = 512;

    /// <summary>Connection limits and timeouts of the listeners (<c>Acs:Limits:*</c>).</summary>
    public Hosting.AcsLimits Limits { get; set; } = new();

    /// <summary>Longest parameter value a CPE may send, in characters (Informs and responses); a longer one refuses the
    /// whole message with 413. 16 KiB holds any real value (a PEM certificate chain is a few KiB).</summary>
    public int MaxParameterValueChars { get; set; } = 16 * 1024;

    /// <summary>Most parameters in one Inform; more refuse the Inform with 413. A phone informs 10–50.</summary>
    public int MaxInformParameters { get; set; } = 2_048;

    /// <summary>Most parameter rows (plus one per Inform) committed in one write-behind transaction. 2,000 upserts take
    /// a few milliseconds, so no other writer waits for SQLite's write lock anywhere near its 10 s busy timeout.</summary>
    public int TelemetryBatchRows { get; set; } = 2_000;

    /// <summary>Most Inform records in the write-behind queue; past it (or past <see cref="TelemetryQueueBytes"/>) an
    /// Inform is answered 503 with Retry-After instead of being acknowledged.</summary>
    public int TelemetryQueueCapacity { get; set; } = 20_000;

    /// <summary>Most bytes (estimated: UTF-16 strings plus object overhead) of Inform records in the write-behind queue.
    /// 64 MiB: enough for minutes of a large fleet's periodic Informs (only changed values are queued), small beside the
    /// process's memory, and written in seconds, well inside <see cref="TelemetryDrainSeconds"/>. It is also what a
    /// SIGKILL can lose at most.</summary>
    public long TelemetryQueueBytes { get; set; } = 64L << 20;

    /// <summary>How long a graceful stop may take to write the queued Inform records (the host's shutdown timeout is set
    /// 30 s longer). Only a database failing for all of it loses records, and the loss is logged with their number.</summary>
    public int TelemetryDrainSeconds { get; set; } = 60;

    /// <summary>Devices whose last Inform values are remembered so unchanged parameters are not rewritten.</summary>
    public int TelemetryCacheDevices { get; set; } = 200_000;

    /// <summary>UDP syslog port (RFC 3164/5424) for the phones' <c>Syslog_Server</c>; 514 when configured, 0 picks a
    /// free port, -1 turns the receiver off. Default 5514 so the ACS runs unprivileged (DESIGN §1).</summary>
    public int SyslogPort { get; set; } = 5514;

    /// <summary>Datagrams waiting to be stored; beyond this a flood is shed and counted (GET /api/syslog/stats).</summary>
    public int SyslogQueueCapacity { get; set; } = 8192;

    /// <summary>Syslog messages older than this many days are deleted.</summary>
    public int SyslogRetentionDays { get; set; } = 30;

    /// <summary>The newest messages kept per device from its last known address (verified); older ones are deleted.</summary>
    public int SyslogMaxMessagesPerDevice { get; set; } = 1000;

    /// <summary>Issue 16 §6: the newest messages kept per device that came from another address (unverified), in a budget
    /// apart from <see cref="SyslogMaxMessagesPerDevice"/>, so a flood of forged lines never evicts the genuine ones.
    /// 200: enough to see what a phone that moved (new DHCP lease, before its next Inform) sent, small next to a flood.</summary>
    public int SyslogMaxUnverifiedMessagesPerDevice { get; set; } = 200;

    /// <summary>The newest messages kept that belong to no known device.</summary>
    public int SyslogMaxUnattachedMessages { get; set; } = 100_000;

    /// <summary><c>Off</c>: firmware is served to anyone; <c>PerDownload</c>: each Download task for a stored image gets
    /// its own Username/Password (generated unless the task gives them), required by the file server (HTTP Basic).</summary>
    public Files.FirmwareAuthMode FirmwareAuth { get; set; } = Files.FirmwareAuthMode.Off;

    /// <summary>Base URL of the file server as phones reach it (e.g. <c>http://fw.example.net:7567/</c>), used in the
    /// Download URLs of firmware campaigns; empty: <c>http://{PublicHost or the listen address}:{FilesPort}/</c>.</summary>
    public string? FilesPublicUrl { get; set; }

    /// <summary>Firmware campaign engine (<c>Acs:Campaigns:TickMilliseconds</c>, <c>:ConnectionRequestConcurrency</c> …).</summary>
    public Campaigns.CampaignOptions Campaigns { get; set; } = new();

    /// <summary>HTTPS file server port (the same <c>/cfg/</c> and <c>/firmware/</c> as <see cref="FilesPort"/>), active when
    /// <see cref="TlsCertificate"/> is set; 0 picks a free port, -1 turns it off.</summary>
    public int FilesTlsPort { get; set; } = 7568;

    /// <summary>CWMP over HTTPS with the same certificate; -1 (default) off, 0 picks a free port.</summary>
    public int CwmpTlsPort { get; set; } = -1;

    /// <summary>PEM file of the HTTPS listeners' certificate, optionally followed by its intermediates (<c>--tls-cert</c>).</summary>
    public string? TlsCertificate { get; set; }

    /// <summary>PEM file of its private key (<c>--tls-key</c>); null when <see cref="TlsCertificate"/> holds the key too.</summary>
    public string? TlsKey { get; set; }

    /// <summary>PEM bundle of the CAs that sign the phones' client certificates (<c>--client-ca</c>): turns on client
    /// certificate verification on the HTTPS file server, against these CAs only.</summary>
    public string? ClientCa { get; set; }

    /// <summary><c>Required</c> (default when <see cref="ClientCa"/> is set): no verified certificate, no TLS session.
    /// <c>Optional</c>: a certificate is asked for and verified when sent; without one the User-Agent identifies the phone.</summary>
    public Files.TlsClientCertificateMode ClientCertificateMode { get; set; } = Files.TlsClientCertificateMode.Required;

    /// <summary>Host name (or address) the phones reach this ACS at, written into the URLs it hands them (secure provisioning,
    /// activation); empty: the host the request was addressed to.</summary>
    public string? PublicHost { get; set; }

    /// <summary><c>Off</c> (default): an unknown device's profile request gets 404. <c>Bootstrap</c>: a device the request
    /// identifies is pre-registered with the tag <c>auto</c> and served its effective configuration.</summary>
    public Server.Provisioning.AutoRegistrationMode AutoRegistration { get; set; } = Server.Provisioning.AutoRegistrationMode.Off;

    /// <summary>Secure two-stage provisioning (<c>Acs:SecureProvisioning:Scheme</c>, <c>:Port</c>, <c>:FileName</c> …).</summary>
    public Server.Provisioning.SecureProvisioningOptions SecureProvisioning { get; set; } = new();

    /// <summary>Operator API over HTTPS with the <see cref="TlsCertificate"/> (<c>--tls-cert</c>/<c>--tls-key</c>); -1 (default)
    /// off, 0 picks a free port. With it on, <see cref="ApiPort"/> -1 turns the plain HTTP API off.</summary>
    public int ApiTlsPort { get; set; } = -1;

    /// <summary>Operator sessions (<c>Acs:Api:SessionMinutes</c>).</summary>
    public Operators.OperatorApiOptions Api { get; set; } = new();

    /// <summary>The audit trail (<c>Acs:Audit:RetentionDays</c>).</summary>
    public Operators.AuditOptions Audit { get; set; } = new();

    /// <summary>Activation codes (<c>Acs:Activation:DefaultExpirySeconds</c>, <c>:MaxFailuresPerMinute</c>, <c>:ProfileRule</c> …).</summary>
    public Server.Provisioning.ActivationOptions Activation { get; set; } = new();

    /// <summary>Profiles over channels that have not proved the device (<c>Acs:Provisioning:UnverifiedSecrets</c>: <c>Omit</c>
    /// or <c>EncryptPerDevice</c>).</summary>
    public Server.Provisioning.ProvisioningOptions Provisioning { get; set; } = new();

    /// <summary>Firmware uploads (<c>Acs:Firmware</c>): the keys images must be signed with.</summary>
    public Files.FirmwareOptions Firmware { get; set; } = new();
}
