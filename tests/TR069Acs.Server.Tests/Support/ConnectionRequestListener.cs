using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TR069Acs.Cwmp.Auth;

namespace TR069Acs.Server.Tests.Support;

/// <summary>A CPE's Connection Request server on 127.0.0.1: digest (or Basic) protected, recording what arrives.</summary>
public sealed class ConnectionRequestListener : IAsyncDisposable
{
    private const string Realm = "cpe";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte> _nonces = new();

    private ConnectionRequestListener(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    public bool BasicOnly { get; set; }

    /// <summary>Requests as received: method, whether they carried a body, and whether their credentials were valid.</summary>
    public ConcurrentQueue<(string Method, bool HadBody, string? Scheme, bool Authenticated)> Requests { get; } = new();

    /// <summary>Runs after an authenticated request was answered (e.g. the CPE opening its session).</summary>
    public Func<Task>? OnAccepted { get; set; }

    public static async Task<ConnectionRequestListener> StartAsync(string username, string password)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var listener = new ConnectionRequestListener(app) { Username = username, Password = password };
        app.Run(listener.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Single();
        listener.Url = new Uri(new Uri(address), "/cr/device");
        return listener;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var hadBody = context.Request.ContentLength > 0;
        var header = context.Request.Headers.Authorization.ToString();
        var scheme = header.Length == 0 ? null : header.Split(' ')[0];
        var ok = BasicOnly ? CheckBasic(header) : CheckDigest(header, context.Request.Method);
        Requests.Enqueue((context.Request.Method, hadBody, scheme, ok));
        if (!ok)
        {
            var nonce = Guid.NewGuid().ToString("N");
            _nonces[nonce] = 0;
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = BasicOnly ? BasicAuth.CreateChallenge(Realm) : DigestAuth.CreateChallenge(Realm, nonce);
            return;
        }
        context.Response.StatusCode = 200;
        await context.Response.CompleteAsync();
        if (OnAccepted is { } accepted)
        {
            _ = Task.Run(accepted);
        }
    }

    private bool CheckDigest(string header, string method)
        => DigestAuth.TryParseAuthorization(header, out var credentials)
           && credentials.Username == Username
           && credentials.Realm == Realm
           && _nonces.TryRemove(credentials.Nonce, out _)
           && DigestAuth.Verify(credentials, method, Password);

    private bool CheckBasic(string header)
        => BasicAuth.TryParseAuthorization(header, out var credentials) && BasicAuth.Verify(credentials, Username, Password);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
