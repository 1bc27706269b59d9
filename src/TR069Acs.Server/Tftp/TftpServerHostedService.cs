using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TR069Acs.Server.Tftp;

/// <summary>
/// Runs a <see cref="TftpServer"/> for the lifetime of the host:
/// <c>services.AddSingleton(tftpOptions); services.AddSingleton&lt;ITftpFileSource, MySource&gt;(); services.AddHostedService&lt;TftpServerHostedService&gt;();</c>
/// </summary>
public sealed class TftpServerHostedService : IHostedService, IAsyncDisposable
{
    /// <summary>Creates the service; the server binds in <see cref="StartAsync"/>.</summary>
    public TftpServerHostedService(TftpServerOptions options, ITftpFileSource fileSource, ILogger<TftpServer>? logger = null)
    {
        Server = new TftpServer(options, fileSource, logger);
    }

    /// <summary>The server, for its bound endpoint and counters.</summary>
    public TftpServer Server { get; }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Server.Start();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Server.StopAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
