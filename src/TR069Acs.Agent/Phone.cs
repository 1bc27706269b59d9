using System.Globalization;
using TR069Acs.Agent.DataModel;
using TR069Acs.Agent.Fleet;
using TR069Acs.Agent.State;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent;

/// <summary>One emulated Cisco phone: a CWMP client with its own data model and persisted state. Phones are created
/// by <see cref="PhoneFleet"/>; an idle phone holds no thread, timer or socket.</summary>
public sealed partial class Phone : IParameterEnvironment, IWakeable
{
    /// <summary>The manufacturer in the Inform's DeviceId.</summary>
    public const string Manufacturer = "Cisco Systems, Inc.";


    private readonly FleetContext _fleet;
    private readonly PhoneIdentity _identity;
    private readonly DeviceDataModel _model;
    private readonly Lock _lock = new();
    private readonly EventQueue _events = new();
    private readonly List<TransferCompleteState> _transferCompletes = [];
    private readonly List<TransferJob> _transfers = [];
    private readonly List<ScheduledInform> _scheduledInforms = [];
    private string _softwareVersion;
    private string? _bootstrappedUrl;
    private int _retryCount;
    private long _bootTicks;
    private int _bootCount;
    private DateTimeOffset? _offlineUntil = DateTimeOffset.MaxValue;
    private DateTimeOffset? _nextPeriodic;
    private DateTimeOffset? _retryDue;
    private string? _connectionRequestUrl;

    // Until the ACS sets one: random per phone (and per run), so no two phones share a Connection Request secret.
    private readonly string _factoryCrPassword = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    // Device.ManagementServer. or InternetGatewayDevice.ManagementServer.: the phone's TR-069 settings.
    private string ManagementServer => _model.Definition.ManagementServer;

    internal Phone(FleetContext fleet, PhoneIdentity identity)
    {
        _fleet = fleet;
        _identity = identity;
        _softwareVersion = fleet.Options.SoftwareVersion;
        _model = new DeviceDataModel(fleet.Definition, this, fleet.Factory);
        Identity = new DeviceId(Manufacturer, identity.Oui, fleet.Options.Model, identity.Serial);
        DeviceId = DeviceIds.Create(Identity);
        _crTokens = fleet.Options.ConnectionRequestBurst;
    }

    /// <summary>The ACS's device id: <c>OUI-ProductClass-SerialNumber</c>, URL-safe.</summary>
    public string DeviceId { get; }

    /// <summary>The Inform's DeviceIdStruct.</summary>
    public DeviceId Identity { get; }

    public string SerialNumber => _identity.Serial;

    /// <summary>MAC address, 12 upper-case hex digits.</summary>
    public string Mac => _identity.Mac;

    /// <summary>The model (ProductClass).</summary>
    public string ProductClass => Identity.ProductClass;

    /// <summary>The firmware version running now; it changes when a firmware Download succeeds.</summary>
    public string SoftwareVersion => Volatile.Read(ref _softwareVersion);

    /// <summary>The URL the ACS sends Connection Requests to; empty until the fleet has started.</summary>
    public string ConnectionRequestUrl
    {
        get
        {
            if (_connectionRequestUrl is null && _fleet.ConnectionRequestBase is { } baseUri)
            {
                _connectionRequestUrl = baseUri + Uri.EscapeDataString(SerialNumber);
            }
            return _connectionRequestUrl ?? "";
        }
    }

    /// <summary>How many times the phone has booted in this process (1 after start, +1 per reboot).</summary>
    public int BootCount => Volatile.Read(ref _bootCount);

    /// <summary>False while the phone is rebooting or not started yet.</summary>
    public bool IsOnline
    {
        get
        {
            lock (_lock)
            {
                return _offlineUntil is null;
            }
        }
    }

    /// <summary>Events waiting for the next Inform.</summary>
    public IReadOnlyList<EventStruct> PendingEvents
    {
        get
        {
            lock (_lock)
            {
                return [.. _events.Items];
            }
        }
    }

    /// <summary>CommandKeys of the TransferCompletes the ACS has not acknowledged yet.</summary>
    public IReadOnlyList<string> PendingTransferCompletes
    {
        get
        {
            lock (_lock)
            {
                return [.. _transferCompletes.Select(t => t.CommandKey)];
            }
        }
    }

    /// <summary>The last Vendor Configuration File received by Download (applied as a flat profile in issue 3).</summary>
    public byte[]? LastVendorConfigurationFile { get; private set; }

    /// <summary>A parameter's value as the phone holds it (passwords included); null when the name is not a parameter.</summary>
    public string? GetValue(string path) => _model.GetValue(path);

    /// <summary>Changes a parameter on the phone itself (keypad, web page): the ACS hears of it through
    /// <c>4 VALUE CHANGE</c> when the parameter's notification is on — at once when it is active.</summary>
    /// <exception cref="ArgumentException">The name or the value is not acceptable.</exception>
    public void SetLocalValue(string path, string value)
    {
        if (_model.SetLocalValue(path, value) is { } problem)
        {
            throw new ArgumentException(problem, nameof(path));
        }
        if (_model.DetectChanges())
        {
            RequestSession();
        }
        AfterLocalChange();
    }

    /// <summary>A flat parameter's value (secrets included), or null when the model has none of that name.</summary>
    public string? GetFlatValue(string name) => _model.GetFlat(name);

    /// <summary>Reacts to flat parameters changed outside a session (profile, web page, keypad): periodic inform and
    /// provisioning timers follow the new values, and the state is saved.</summary>
    private void AfterLocalChange()
    {
        var changes = _model.TakeFlatChanges();
        if (changes.Any(n => n.StartsWith("Periodic_Inform_", StringComparison.Ordinal)))
        {
            lock (_lock)
            {
                _nextPeriodic = _offlineUntil is null ? NextPeriodicInform(_fleet.Time.GetUtcNow()) : _nextPeriodic;
            }
        }
        OnSettingsChanged(changes);
        Persist();
        Reschedule();
    }

    internal DeviceDataModel Model => _model;

    internal FleetContext Fleet => _fleet;

    /// <summary>The ACS URL in effect (ManagementServer.URL under the phone's root).</summary>
    internal Uri AcsUrl
        => Uri.TryCreate(_model.GetValue(ManagementServer + "URL"), UriKind.Absolute, out var url) ? url : _fleet.Options.AcsUrl;

    internal (string Username, string Password) ConnectionRequestCredentials
        => (_model.GetValue(ManagementServer + "ConnectionRequestUsername") ?? "", _model.GetValue(ManagementServer + "ConnectionRequestPassword") ?? "");

    // Called under the data model's lock: reads only fields that need no lock of the phone's.
    string IParameterEnvironment.Resolve(string variable)
    {
        var options = _fleet.Options;
        return variable switch
        {
            PhoneVariables.Oui => _identity.Oui,
            PhoneVariables.Model => options.Model,
            PhoneVariables.Serial => _identity.Serial,
            PhoneVariables.MacWithColons => _identity.MacWithColons,
            PhoneVariables.HardwareVersion => options.HardwareVersion,
            PhoneVariables.SoftwareVersion => SoftwareVersion,
            PhoneVariables.UpTime => UpTimeSeconds().ToString(CultureInfo.InvariantCulture),
            PhoneVariables.Now => ValueValidator.FormatTime(_fleet.Time.GetUtcNow()),
            PhoneVariables.IpAddress => _fleet.ConnectionRequestBase?.Host.Trim('[', ']') ?? options.ListenAddress,
            PhoneVariables.AcsUrl => options.AcsUrl.ToString(),
            PhoneVariables.AcsUsername => options.AcsUsername ?? PhoneOptions.LabAcsUsername,
            PhoneVariables.AcsPassword => options.AcsPassword ?? PhoneOptions.LabAcsPassword,
            PhoneVariables.PeriodicInformEnable => options.PeriodicInformEnable ? "true" : "false",
            PhoneVariables.PeriodicInformInterval => options.PeriodicInformInterval.ToString(CultureInfo.InvariantCulture),
            PhoneVariables.RetryMinimumWait => options.RetryMinimumWaitSeconds.ToString(CultureInfo.InvariantCulture),
            PhoneVariables.RetryMultiplier => options.RetryIntervalMultiplier.ToString(CultureInfo.InvariantCulture),
            PhoneVariables.ConnectionRequestUrl => ConnectionRequestUrl,
            PhoneVariables.ConnectionRequestUsername => options.ConnectionRequestUsername ?? _identity.Serial,
            PhoneVariables.ConnectionRequestPassword => options.ConnectionRequestPassword ?? _factoryCrPassword,
            _ => "",
        };
    }

    private long UpTimeSeconds()
    {
        var boot = Interlocked.Read(ref _bootTicks);
        return boot == 0 ? 0 : Math.Max(0, (_fleet.Time.GetUtcNow().UtcTicks - boot) / TimeSpan.TicksPerSecond);
    }

    /// <inheritdoc/>
    public override string ToString() => DeviceId;
}
