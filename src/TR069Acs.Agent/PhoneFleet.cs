using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TR069Acs.Agent.Admin;
using TR069Acs.Agent.ConnectionRequests;
using TR069Acs.Agent.DataModel;
using TR069Acs.Agent.Flat;
using TR069Acs.Agent.Fleet;

namespace TR069Acs.Agent;

/// <summary>One phone or thousands in one process (<c>acs phone --count N</c>). The fleet shares one connection-request
/// listener, one scheduler and one data model definition; each CWMP session runs on a connection of its own phone,
/// closed when the session ends, and a session slot limit keeps the number of simultaneous sessions (and sockets)
/// bounded however large the fleet is.</summary>
public sealed class PhoneFleet : IAsyncDisposable
{
    private readonly FleetContext _context;
    private readonly Phone[] _phones;
    private readonly Dictionary<string, Phone> _bySerial;
    private readonly ConnectionRequestServer _connectionRequests;
    private readonly AdminServer _admin;
    private int _state;   // 0 new, 1 started, 2 stopped

    /// <summary>Creates the phones (nothing runs until <see cref="StartAsync"/>).</summary>
    /// <exception cref="ArgumentException">An option is out of range (MAC, count, ACS URL …); the message names it.</exception>
    public PhoneFleet(PhoneOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var identities = PhoneIdentity.Generate(options.Mac, options.Serial, options.Count);
        _context = new FleetContext(options, loggerFactory ?? NullLoggerFactory.Instance, TimeProvider.System);
        _context.InitializeModel(FactoryProfile.Load(options, Device1Model.For(options.Model, options.DataModelRoot).Flat!));
        _phones = [.. identities.Select(identity => new Phone(_context, identity))];
        _bySerial = new Dictionary<string, Phone>(_phones.Length, StringComparer.Ordinal);
        foreach (var phone in _phones)
        {
            if (!_bySerial.TryAdd(phone.SerialNumber, phone))
            {
                throw new ArgumentException($"Serial number '{phone.SerialNumber}' would be used by two phones.", nameof(options));
            }
        }
        _connectionRequests = new ConnectionRequestServer(options, FindBySerial, _context.Logger, _context.Time);
        _admin = new AdminServer(options, _phones, _context.Time);
    }

    /// <summary>The phones, in MAC order.</summary>
    public IReadOnlyList<Phone> Phones => _phones;

    /// <summary>The connection-request listener's base URL once started (<c>http://host:port/cr/</c>).</summary>
    public Uri? ConnectionRequestBaseUri => _context.ConnectionRequestBase;

    /// <summary>The phone with this serial number, or null.</summary>
    public Phone? FindBySerial(string serial) => _bySerial.GetValueOrDefault(serial);

    /// <summary>Starts the connection-request listener, restores each phone's state and boots the phones, spread over
    /// time at <see cref="PhoneOptions.BootsPerSecond"/>. Returns once the boots are scheduled, not when the first
    /// sessions have ended.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The fleet has already been started.");
        }
        await _connectionRequests.StartAsync(cancellationToken).ConfigureAwait(false);
        _context.ConnectionRequestBase = _connectionRequests.BaseUri;
        await _admin.StartAsync(cancellationToken).ConfigureAwait(false);
        if (_context.Store is not null)
        {
            Parallel.ForEach(_phones, new ParallelOptions { CancellationToken = cancellationToken }, phone => phone.LoadState());
        }
        _context.Scheduler.Start();
        var start = _context.Time.GetUtcNow();
        var rate = Math.Max(1, _context.Options.BootsPerSecond);
        for (var i = 0; i < _phones.Length; i++)
        {
            _phones[i].ScheduleBoot(start + TimeSpan.FromSeconds((double)i / rate));
        }
    }

    /// <summary>Stops listening, ends running sessions and transfers, and persists every phone's state.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _state, 2) != 1)
        {
            return;
        }
        await _connectionRequests.DisposeAsync().ConfigureAwait(false);
        await _admin.DisposeAsync().ConfigureAwait(false);
        await _context.StopAsync().ConfigureAwait(false);
        // Bounded so that a stop asked for by SIGTERM ends within seconds; what is still running is abandoned, the state saved.
        await _context.Work.DrainAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
        foreach (var phone in _phones)
        {
            phone.Persist();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _connectionRequests.DisposeAsync().ConfigureAwait(false);
        await _admin.DisposeAsync().ConfigureAwait(false);
        await _context.DisposeAsync().ConfigureAwait(false);
    }

    private static void Validate(PhoneOptions options)
    {
        if (options.AcsUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"ACS URL '{options.AcsUrl}' is not an absolute http or https URL.", nameof(options));
        }
        if (string.IsNullOrWhiteSpace(options.Model))
        {
            throw new ArgumentException("The model (ProductClass) must not be empty.", nameof(options));
        }
        if (options.Count < 1)
        {
            throw new ArgumentException($"The fleet size must be at least 1, not {options.Count}.", nameof(options));
        }
        if (options.MaxConcurrentSessions < 1 || options.MaxConcurrentTransfers < 1)
        {
            throw new ArgumentException("MaxConcurrentSessions and MaxConcurrentTransfers must be at least 1.", nameof(options));
        }
        if (options.PeriodicInformInterval < 1 || options.RetryMinimumWaitSeconds < 1 || options.RetryIntervalMultiplier < 1000)
        {
            throw new ArgumentException("PeriodicInformInterval and RetryMinimumWaitSeconds must be at least 1, RetryIntervalMultiplier at least 1000.", nameof(options));
        }
        AdminServer.Validate(options);
    }
}
