using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TR069Acs.Agent.Tests.Resync;

/// <summary>A real Kestrel file server on a loopback port plus a UDP syslog receiver: what a provisioning lab has.</summary>
internal sealed class ProvisioningServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly UdpClient _syslog;
    private readonly Task _receiving;

    private ProvisioningServer(WebApplication app, UdpClient syslog)
    {
        _app = app;
        _syslog = syslog;
        _receiving = ReceiveAsync();
    }

    public ConcurrentDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string Path, string UserAgent)> Requests { get; } = new();

    public ConcurrentQueue<string> SyslogMessages { get; } = new();

    /// <summary>Answer 500 to everything (a broken server) while true.</summary>
    public bool Down { get; set; }

    public string BaseUrl { get; private set; } = "";

    public int SyslogPort => ((IPEndPoint)_syslog.Client.LocalEndPoint!).Port;

    public static async Task<ProvisioningServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ProvisioningServer(app, new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)));
        app.Run(async context =>
        {
            var path = context.Request.Path.Value ?? "";
            server.Requests.Enqueue((path, context.Request.Headers.UserAgent.ToString()));
            if (server.Down)
            {
                context.Response.StatusCode = 500;
                return;
            }
            if (!server.Files.TryGetValue(path, out var content))
            {
                context.Response.StatusCode = 404;
                return;
            }
            await context.Response.Body.WriteAsync(content);
        });
        await app.StartAsync();
        server.BaseUrl = app.Urls.First().TrimEnd('/');
        return server;
    }

    public void Put(string path, string text) => Files[path] = Encoding.UTF8.GetBytes(text);

    private async Task ReceiveAsync()
    {
        try
        {
            while (true)
            {
                var datagram = await _syslog.ReceiveAsync();
                SyslogMessages.Enqueue(Encoding.UTF8.GetString(datagram.Buffer));
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _syslog.Dispose();
        await _receiving;
        await _app.DisposeAsync();
    }
}
