using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TR069Acs.Server.Syslog;

/// <summary>
/// Runs a <see cref="SyslogReceiver"/> for the lifetime of the host:
/// <c>services.AddSingleton(syslogOptions); services.AddSingleton&lt;ISyslogSink, MySink&gt;(); services.AddHostedService&lt;SyslogReceiverHostedService&gt;();</c>
/// </summary>
public sealed class SyslogReceiverHostedService : IHostedService, IAsyncDisposable
{
    /// <summary>Creates the service; the receiver binds in <see cref="StartAsync"/>.</summary>
    public SyslogReceiverHostedService(SyslogReceiverOptions options, ISyslogSink sink, ILogger<SyslogReceiver>? logger = null, TimeProvider? timeProvider = null)
    {
        Receiver = new SyslogReceiver(options, sink, logger, timeProvider);
    }

    /// <summary>The receiver, for its bound endpoint and counters.</summary>
    public SyslogReceiver Receiver { get; }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Receiver.Start();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Receiver.StopAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Receiver.DisposeAsync();
}
