using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using TR069Acs.Agent.ConnectionRequests;

namespace TR069Acs.Agent.Admin;

/// <summary>The phones' web admin (issue 3 §8): one Kestrel host for the fleet, one port per phone
/// (<see cref="PhoneOptions.AdminPort"/> + the phone's index), as each real phone has its own web server.</summary>
internal sealed class AdminServer : IAsyncDisposable
{
    private readonly PhoneOptions _options;
    private readonly IReadOnlyList<Phone> _phones;
    private readonly AdminRequestHandler _handler;
    private readonly Dictionary<int, Phone> _byPort = [];
    private WebApplication? _app;

    public AdminServer(PhoneOptions options, IReadOnlyList<Phone> phones, TimeProvider time)
    {
        _options = options;
        _phones = phones;
        _handler = new AdminRequestHandler(new DigestNonces(options.ConnectionRequestNonceLifetime, time));
    }

    /// <summary>Checks <see cref="PhoneOptions.AdminPort"/> against the fleet size.</summary>
    public static void Validate(PhoneOptions options)
    {
        if (options.AdminPort is not { } port)
        {
            return;
        }
        if (port == 0 ? options.Count != 1 : port < 1 || port + options.Count - 1 > 65535)
        {
            throw new ArgumentException(
                $"Admin port {port} does not fit a fleet of {options.Count} (consecutive ports up to 65535; 0 picks a free port for a single phone).",
                nameof(options));
        }
    }

    /// <summary>Listens on <see cref="PhoneOptions.ListenAddress"/> and sets each phone's <see cref="Phone.AdminUri"/>.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.AdminPort is not { } first)
        {
            return;
        }
        var address = ConnectionRequestServer.ListenAddressOf(_options.ListenAddress);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 0;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            for (var i = 0; i < _phones.Count; i++)
            {
                kestrel.Listen(new IPEndPoint(address, first == 0 ? 0 : first + i));
            }
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var host = _options.ConnectionRequestHost
            ?? (address.Equals(IPAddress.Any) ? "127.0.0.1" : address.Equals(IPAddress.IPv6Any) ? "[::1]" : address.ToString());
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !host.StartsWith('['))
        {
            host = $"[{host}]";
        }
        var ports = first == 0
            ? [new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()).Port]
            : Enumerable.Range(first, _phones.Count).ToArray();
        for (var i = 0; i < _phones.Count; i++)
        {
            _byPort[ports[i]] = _phones[i];
            _phones[i].AdminUri = new Uri($"http://{host}:{ports[i]}/admin/");
        }
    }

    private Task HandleAsync(HttpContext context)
    {
        if (!_byPort.TryGetValue(context.Connection.LocalPort, out var phone))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        return _handler.HandleAsync(context, phone);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }
}
