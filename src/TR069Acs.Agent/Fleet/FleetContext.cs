using System.Net;
using Microsoft.Extensions.Logging;
using TR069Acs.Agent.DataModel;
using TR069Acs.Agent.State;

namespace TR069Acs.Agent.Fleet;

/// <summary>What every phone of a fleet shares: the HTTP connection pool of file transfers, the session and transfer
/// limits, the scheduler, the state store and the data model definition. Nothing here is per phone; CWMP sessions get
/// a connection of their own (<see cref="CreateSessionClient"/>).</summary>
internal sealed class FleetContext : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly System.Net.Security.SslClientAuthenticationOptions? _tls;

    public FleetContext(PhoneOptions options, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _tls = Transfers.TlsClientSettings.Create(options);
        Options = options;
        Time = time;
        Logger = loggerFactory.CreateLogger("TR069Acs.Agent.Phone");
        Store = options.StateDirectory is { } directory ? new PhoneStateStore(directory) : null;
        SessionSlots = new SemaphoreSlim(options.MaxConcurrentSessions, options.MaxConcurrentSessions);
        TransferSlots = new SemaphoreSlim(options.MaxConcurrentTransfers, options.MaxConcurrentTransfers);
        Scheduler = new WakeScheduler(time);
        // File transfers and profile fetches (plain HTTP GET/PUT, no session) share one pool.
        Http = new HttpClient(NewHandler(options.MaxConcurrentTransfers + options.MaxConcurrentSessions, TimeSpan.FromSeconds(30)))
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = 2 << 20,
        };
    }

    /// <summary>An HTTP client for one CWMP session of one phone: its own handler, hence its own connection, closed
    /// when the session's client is disposed. An ACS may tie a session to its TCP connection (GenieACS does), so no
    /// request of one phone may travel on a connection another phone opened; and since an idle phone keeps no socket,
    /// a fleet of 10,000 holds at most one connection per running session.</summary>
    public HttpClient CreateSessionClient() => new(NewHandler(1, TimeSpan.FromSeconds(30)), disposeHandler: true)
    {
        Timeout = Timeout.InfiniteTimeSpan,
        // CwmpReaderOptions.Default accepts 1 MiB bodies; an ACS message larger than twice that is refused.
        MaxResponseContentBufferSize = 2 << 20,
    };

    private SocketsHttpHandler NewHandler(int maxConnections, TimeSpan idleTimeout) => new()
    {
        // Cookies are per phone and per session (CwmpSessionClient); redirects and credentials are handled there too.
        UseCookies = false,
        AllowAutoRedirect = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        // Connections are recycled so that a DNS change of the ACS name is picked up within minutes.
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        PooledConnectionIdleTimeout = idleTimeout,
        MaxConnectionsPerServer = maxConnections,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        SslOptions = _tls ?? new System.Net.Security.SslClientAuthenticationOptions(),
    };

    public PhoneOptions Options { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public PhoneStateStore? Store { get; }

    public HttpClient Http { get; }

    public SemaphoreSlim SessionSlots { get; }

    public SemaphoreSlim TransferSlots { get; }

    public WakeScheduler Scheduler { get; }

    public BackgroundWork Work { get; } = new();

    /// <summary>The fleet's syslog socket.</summary>
    public Syslog.SyslogSender Syslog { get; } = new();

    /// <summary>Random numbers for the provisioning timers' spreads.</summary>
    public Random Random { get; } = Random.Shared;

    public DataModelDefinition Definition { get; private set; } = null!;

    /// <summary>The catalogue model the phones emulate.</summary>
    public TR069Acs.Provisioning.Catalogue.PhoneModel CatalogueModel { get; private set; } = null!;

    /// <summary>The phones' factory flat values (catalogue, factory profile, options).</summary>
    public Flat.FlatFactory Factory { get; private set; } = null!;

    /// <summary>Builds the shared definition and factory values (after option validation, before the phones).</summary>
    /// <param name="factoryProfile">The validated values of <see cref="PhoneOptions.ConfigFile"/>, if any.</param>
    public void InitializeModel(IEnumerable<KeyValuePair<TR069Acs.Provisioning.Catalogue.FlatParameter, string>>? factoryProfile)
    {
        CatalogueModel = Device1Model.CatalogueModel(Options.Model);
        Definition = Device1Model.For(Options.Model, Options.DataModelRoot);
        Factory = Flat.FlatFactory.ForFleet(Definition.Flat!, Options, factoryProfile);
    }

    /// <summary>The connection-request listener's base URL (ending in "/"), known once the fleet has started.</summary>
    public Uri? ConnectionRequestBase { get; set; }

    /// <summary>Cancelled when the fleet stops.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public Task StopAsync() => _stopping.CancelAsync();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Scheduler.DisposeAsync().ConfigureAwait(false);
        Http.Dispose();
        Syslog.Dispose();
        SessionSlots.Dispose();
        TransferSlots.Dispose();
        _stopping.Dispose();
    }
}
